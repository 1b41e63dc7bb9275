package org.learnstream.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A skills verb about one school's data: its settings and its tenant. */
abstract class SkillsOfSchoolCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigMixin config;

  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The school.")
  String tenant;
}
