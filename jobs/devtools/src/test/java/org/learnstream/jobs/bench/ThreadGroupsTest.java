package org.learnstream.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadGroupsTest {

  @Test
  void aTasksSubtasksFormOneGroupAndOtherThreadsDifferOnlyInTheirNumbers() {
    assertThat(ThreadGroups.of("Source: xapi.statements -> normalise (2/2)#0"))
        .isEqualTo("Source: xapi.statements -> normalise");
    assertThat(ThreadGroups.of("kafka-producer-network-thread | producer-17"))
        .isEqualTo(ThreadGroups.of("kafka-producer-network-thread | producer-3"))
        .isEqualTo("kafka-producer-network-thread | producer-N");
    assertThat(ThreadGroups.of("data-plane-kafka-request-handler-1")).isEqualTo("data-plane-kafka-request-handler-N");
  }

  @Test
  void theWordsThatNameASideAreLeftOutSoThatBothSidesThreadsOfOneKindFormOneGroup() {
    ThreadGroups groups = new ThreadGroups(List.of("clear", "sealed"));

    assertThat(
        groups.groupOf("kafka-producer-network-thread | producer-bench1.sealed.sealing-round-2-sealed-events-0-1"))
        .isEqualTo(groups.groupOf("kafka-producer-network-thread | producer-bench1.sealing-round-3-clear-events-0-1"))
        .isEqualTo("kafka-producer-network-thread | producer-benchN.sealing-round-N-events-N-N");
  }

  @Test
  void eachGroupGetsTheMedianOfEachSidePerEventAndTheLargestDifferenceComesFirst() {
    ThreadGroups groups = new ThreadGroups(List.of());
    groups.add(false, Map.of("normalise", 10_000_000L, "sink", 5_000_000L), 1_000);
    groups.add(false, Map.of("normalise", 14_000_000L, "sink", 5_000_000L), 1_000);
    groups.add(true, Map.of("normalise", 20_000_000L, "sink", 5_200_000L, "opening", 3_000_000L), 1_000);
    groups.add(true, Map.of("normalise", 22_000_000L, "sink", 5_000_000L), 1_000);

    List<ThreadGroups.Row> rows = groups.rows();

    assertThat(rows).extracting(ThreadGroups.Row::group).containsExactly("normalise", "opening", "sink");
    assertThat(rows.get(0).baseline()).isEqualTo(12.0);
    assertThat(rows.get(0).treated()).isEqualTo(21.0);
    // a group that a run of a side lacks counts 0 there
    assertThat(rows.get(1).baseline()).isZero();
    assertThat(rows.get(1).treated()).isEqualTo(1.5);
    assertThat(rows.get(2).shown()).isFalse();
  }

  @Test
  void theTableShowsOnlyTheGroupsThatDiffer() {
    ThreadGroups groups = new ThreadGroups(List.of());
    groups.add(false, Map.of("normalise", 10_000_000L, "sink", 5_000_000L), 1_000);
    groups.add(true, Map.of("normalise", 19_000_000L, "sink", 5_100_000L), 1_000);

    List<String> lines = groups.describe(SealingRounds.SIDES);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("clear / sealed / difference");
    assertThat(lines.get(1)).contains("10.0", "19.0", "+9.0", "normalise");
  }

  @Test
  void twoPhasesAreComparedPerRequestWithTheLargestDifferenceFirst() {
    ThreadGroups groups = new ThreadGroups(List.of());
    groups.add(false, Map.of("qtpN-N", 500_000_000L, "committer-N", 100_000_000L), 1_000);
    groups.add(true, Map.of("qtpN-N", 900_000_000L, "committer-N", 102_000_000L, "records", 30_000_000L), 1_000);

    List<ThreadGroups.Row> rows = groups.rows();

    assertThat(rows).extracting(ThreadGroups.Row::group).containsExactly("qtpN-N", "records", "committer-N");
    assertThat(rows.get(0).baseline()).isEqualTo(500.0);
    assertThat(rows.get(0).treated()).isEqualTo(900.0);
    assertThat(rows.get(1).baseline()).isZero();
    List<String> lines = groups.describe("in the clear", "sealing", "request", 5);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("µs per request", "in the clear / sealing / difference");
    assertThat(lines.get(1)).contains("500.0", "900.0", "+400.0", "qtpN-N");
  }

  @Test
  void aRunOfNoWorkCountsNoCpu() {
    ThreadGroups groups = new ThreadGroups(List.of());
    groups.add(false, Map.of("qtpN-N", 500_000_000L), 0);

    assertThat(groups.rows()).isEmpty();
  }
}
