package org.learnstream.jobs.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmedPhasesTest {

  private final List<String> ran = new ArrayList<>();

  private WarmedPhases.Named phase(String name) {
    return new WarmedPhases.Named(name, (label, duration) -> {
      ran.add(label + " " + duration);
      return new LoadResult(label, 1, 1, 1, 0, duration, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
          null);
    });
  }

  @Test
  void everyPhaseIsWarmedUpBeforeTheFirstIsMeasuredAndEachSettlesUnmeasuredRightBeforeItsMeasuredRun()
      throws Exception {
    List<String> printed = new ArrayList<>();

    List<LoadResult> measured = WarmedPhases.runRounds(List.of(phase("endpoint"), phase("kafka alone")),
        Duration.ofSeconds(30), Duration.ofSeconds(15), 1, r -> printed.add(r.name())).get(0);

    assertThat(ran).containsExactly("warm-up: endpoint PT30S", "warm-up: kafka alone PT30S",
        "settling: endpoint PT15S", "endpoint PT15S", "settling: kafka alone PT15S", "kafka alone PT15S");
    assertThat(measured).extracting(LoadResult::name).containsExactly("endpoint", "kafka alone");
    assertThat(printed).containsExactly("endpoint", "kafka alone");
  }

  @Test
  void aZeroWarmUpRunsOnlyTheMeasuredPhases() throws Exception {
    WarmedPhases.runRounds(List.of(phase("endpoint"), phase("kafka alone")), Duration.ZERO, Duration.ofSeconds(15), 1,
        r -> {
        });

    assertThat(ran).containsExactly("endpoint PT15S", "kafka alone PT15S");
  }

  @Test
  void eachRoundStartsOnePhaseLaterSoNoPhaseIsAlwaysMeasuredFirstAndResultsKeepThePhasesOrder() throws Exception {
    List<List<LoadResult>> rounds = WarmedPhases.runRounds(List.of(phase("a"), phase("b"), phase("c")),
        Duration.ZERO, Duration.ofSeconds(15), 3, r -> {
        });

    assertThat(ran).containsExactly("a [round 1] PT15S", "b [round 1] PT15S", "c [round 1] PT15S",
        "b [round 2] PT15S", "c [round 2] PT15S", "a [round 2] PT15S",
        "c [round 3] PT15S", "a [round 3] PT15S", "b [round 3] PT15S");
    assertThat(rounds.get(1)).extracting(LoadResult::name).containsExactly("a [round 2]", "b [round 2]",
        "c [round 2]");
  }
}
