package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.learnstream.jobs.cli.LearnstreamCli;

class RunnerProcessTest {

  @Test
  void theRunnerStartsTheCommandLineTheLauncherStarts() {
    assertThat(RunnerProcess.CLI_MAIN_CLASS).isEqualTo(LearnstreamCli.class.getName());
  }
}
