package org.learnstream.jobs.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.DemoCohort;
import picocli.CommandLine;

class ChaosDemoCohortTest {

  @Test
  void chaosOnTheClusterStreamsTheCohortThatTheDemoStreamsWhenNeitherIsGivenOptions() {
    DemoCommand demo = parse(new DemoCommand());
    ChaosCommand chaos = parse(new ChaosCommand(), "--cluster");

    assertThat(chaos.demoCohort()).isEqualTo(DemoCohort.of(demo.seed, demo.learners, demo.days))
        .isEqualTo(DemoCohort.defaults());
  }

  @Test
  void quickChaosOnTheClusterStreamsTheDemosCohortForFewerLearners() {
    DemoCommand demo = parse(new DemoCommand(), "--learners", "25");
    ChaosCommand chaos = parse(new ChaosCommand(), "--cluster", "--quick");

    assertThat(chaos.demoCohort()).isEqualTo(DemoCohort.of(demo.seed, demo.learners, demo.days));
    assertThat(chaos.demoCohort().spec().days()).isEqualTo(14);
  }

  @Test
  void theDemoSizeAndSeedOptionsOfChaosGiveTheCohortOfTheDemoWithTheSameOptions() {
    DemoCommand demo = parse(new DemoCommand(), "--learners", "50", "--days", "7", "--seed", "5");
    ChaosCommand chaos = parse(new ChaosCommand(), "--cluster", "--demo-learners", "50", "--demo-days", "7",
        "--seed", "5");

    DemoCohort streamed = chaos.demoCohort();
    assertThat(streamed).isEqualTo(DemoCohort.of(demo.seed, demo.learners, demo.days));
    assertThat(streamed.spec().learners()).isEqualTo(50);
    assertThat(streamed.spec().days()).isEqualTo(7);
    assertThat(streamed.spec().seed()).isEqualTo(5);
    assertThat(streamed.spec().sections()).isEqualTo(2);
  }

  private static <T> T parse(T command, String... args) {
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
