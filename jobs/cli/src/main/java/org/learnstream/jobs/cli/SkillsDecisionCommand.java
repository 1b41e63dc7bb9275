package org.learnstream.jobs.cli;

import org.learnstream.jobs.settings.PipelineOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.learnstream.jobs.pipeline.AcceptedSkillRule;
import org.learnstream.pipeline.clickhouse.UnmappedActivities;
import org.learnstream.pipeline.clickhouse.UnmappedActivities.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skills accept} and {@code skills reject}: a data team's decision on a suggested skill. */
abstract class SkillsDecisionCommand extends SkillsOfSchoolCommand {

  @Option(names = "--activity", required = true, paramLabel = "IRI",
      description = "The unmapped activity, as 'skills unmapped' lists it.")
  String activity;

  @Option(names = "--skill", required = true, paramLabel = "SKILL", description = "The suggested skill.")
  String skill;

  abstract Decision decision();

  /** What the decision changes besides being remembered; the line printed. */
  abstract String apply();

  @Override
  public Integer call() {
    // the server is checked first: a decision it cannot remember changes no rules file either
    String done = SkillsClickHouse.with(config, "skills " + spec.name(), (client, database) -> {
      String applied = apply();
      new UnmappedActivities(client, database).decide(tenant, activity, skill, decision(), Instant.now());
      return applied;
    });
    PrintWriter out = spec.commandLine().getOut();
    out.println(done);
    out.flush();
    return 0;
  }

  @Command(name = "accept", mixinStandardHelpOptions = true,
      description = {"Accept a suggested skill: append the rule 'activity: IRI, skills: [SKILL]' to the YAML "
          + "mapping rules file (--rules, else the setting mastery.skill-rules-file), checked as the job checks it, "
          + "and remember the decision.",
          "A running job maps the activity's next responses once it re-reads the file; run 'replay' with the file to "
              + "re-map the responses already traced."})
  static final class Accept extends SkillsDecisionCommand {

    @Option(names = "--rules", paramLabel = "FILE",
        description = "The rules file to append to. Default: the setting mastery.skill-rules-file.")
    Path rules;

    @Override
    Decision decision() {
      return Decision.accepted;
    }

    @Override
    String apply() {
      Path file = rules != null ? rules : configuredRules();
      try {
        int count = AcceptedSkillRule.append(file, activity, skill, "accepted from the unmapped-activities report "
            + LocalDate.now(ZoneOffset.UTC) + " (" + tenant + ")");
        return "rule " + count + " of " + file + ": " + activity + " -> " + skill + "; run 'learnstream replay' "
            + "with this file to re-map the responses already traced";
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }

    private Path configuredRules() {
      String setting = config.load().get(PipelineOptions.SKILL_RULES_FILE);
      if (setting == null || setting.isBlank() || !Files.isRegularFile(Path.of(setting))) {
        throw new IllegalArgumentException("give the rules file with --rules FILE or the setting "
            + PipelineOptions.SKILL_RULES_FILE.key() + (setting == null ? "" : " (no file " + setting + ")"));
      }
      return Path.of(setting);
    }
  }

  @Command(name = "reject", mixinStandardHelpOptions = true,
      description = "Reject a suggested skill: 'skills unmapped' does not suggest it for the activity again.")
  static final class Reject extends SkillsDecisionCommand {

    @Override
    Decision decision() {
      return Decision.rejected;
    }

    @Override
    String apply() {
      return "rejected " + skill + " for " + activity + "; it is not suggested again";
    }
  }
}
