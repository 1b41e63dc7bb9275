package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.BadStatement;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.DemoCohort;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

class StreamedCohortTest {

  private static final ChaosSettings QUICK = ChaosSettings.quick(Path.of("unused"));
  private static final DemoCohort SMALL_DEMO = DemoCohort.of(7, 30, 3);

  @Test
  void theClusterCleanScenarioStreamsTheDemosStatementsForTheSameSeedInTheDemosOrder() {
    StreamedCohort streamed = ClusterChaos.cohortOf(ClusterScenario.CLUSTER_CLEAN, StreamedCohort.demo(SMALL_DEMO),
        QUICK);

    assertThat(streamed.name()).isEqualTo("demo");
    assertThat(lines(streamed.statements().get().toList()))
        .containsExactlyElementsOf(lines(DemoCohort.of(7, 30, 3).statements().toList()));
  }

  @Test
  void theDemoCohortEndsWithItsMalformedStatementsWhichAreNotCountedAsReachingTheEventLog() {
    StreamedCohort streamed = StreamedCohort.demo(SMALL_DEMO);
    List<Keyed> sent = streamed.statements().get().toList();
    List<BadStatement> malformed = SMALL_DEMO.malformed();

    assertThat(malformed).isNotEmpty();
    assertThat(lines(sent.subList(sent.size() - malformed.size(), sent.size())))
        .containsExactlyElementsOf(malformed.stream().map(b -> b.actorKey() + " " + text(b.json())).toList());
    assertThat(streamed.sent()).isEqualTo(sent.size());
    assertThat(streamed.wellFormed()).isEqualTo(sent.size() - malformed.size())
        .isEqualTo(new CohortSimulator(SMALL_DEMO.spec()).truth().totalStatements());
    assertThat(streamed.tenant()).isEqualTo("demo");
  }

  @Test
  void theFailoverScenariosKeepTheSuitesSeededCohort() {
    StreamedCohort demo = StreamedCohort.demo(SMALL_DEMO);
    for (ClusterScenario fault : List.of(ClusterScenario.TASKMANAGER_KILL, ClusterScenario.BROKER_KILL,
        ClusterScenario.RESCALE)) {
      StreamedCohort streamed = ClusterChaos.cohortOf(fault, demo, QUICK);
      assertThat(streamed.name()).as(fault.label()).isEqualTo("chaos");
      assertThat(streamed.tenant()).isEqualTo(ChaosSettings.TENANT);
      assertThat(streamed.wellFormed()).isEqualTo(streamed.sent())
          .isEqualTo(new CohortSimulator(QUICK.cohort()).truth().totalStatements());
    }
  }

  @Test
  void eachCohortTheChosenScenariosStreamGetsOneCleanRun() {
    StreamedCohort demo = StreamedCohort.demo(SMALL_DEMO);

    assertThat(ClusterChaos.cohortsOf(List.of(ClusterScenario.CLUSTER_CLEAN), demo, QUICK))
        .extracting(StreamedCohort::name).containsExactly("demo");
    assertThat(ClusterChaos.cohortsOf(List.of(ClusterScenario.values()), demo, QUICK))
        .extracting(StreamedCohort::name).containsExactly("demo", "chaos");
    assertThat(ClusterChaos.cohortsOf(List.of(ClusterScenario.RESCALE, ClusterScenario.BROKER_KILL), demo, QUICK))
        .extracting(StreamedCohort::name).containsExactly("chaos");
  }

  @Test
  void theFlushStatementComesAfterTheDemosOwnCohortButNotAfterOneLongerThanTheWatermarkDelay() {
    assertThat(ChaosSuite.flushStatements(QUICK, StreamedCohort.demo(DemoCohort.defaults()))).hasSize(1);

    StreamedCohort tooLong = StreamedCohort.demo(DemoCohort.of(7, 30, 60));
    assertThatThrownBy(() -> ChaosSuite.flushStatements(QUICK, tooLong))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the demo cohort: 30 learners")
        .hasMessageContaining("60 days");
  }

  @Test
  void aScenarioLineNamesItsCohortAndHowManyStatementsItSent() {
    ScenarioResult r = new ScenarioResult("cluster-clean", 1, 100, 100, 0, 0, 0, 90, 0, 101, 0, 0, 0, 80.0, "demo",
        106);

    assertThat(r.line()).contains(" lost=0 duplicated=0 ").contains(" mastery_diff=0 ")
        .contains(" tables_diff=0 cohort=demo statements=106 ").endsWith(" PASS");
  }

  @Test
  void aCohortWithoutTheErasedLearnerSendsNoneOfTheirStatementsAndExpectsOnlyTheOthers() {
    StreamedCohort suite = StreamedCohort.suite(QUICK);
    LearnerTruth erased = ErasureDuringKill.learnerOf(suite, QUICK.seed());
    StreamedCohort remaining = suite.without(erased);

    List<Keyed> sent = remaining.statements().get().toList();
    assertThat(erased.statements()).isPositive();
    assertThat(sent).noneMatch(k -> k.key().equals(erased.actorKey()));
    assertThat(lines(sent)).containsExactlyElementsOf(lines(suite.statements().get()
        .filter(k -> !k.key().equals(erased.actorKey())).toList()));
    assertThat(remaining.wellFormed()).isEqualTo(remaining.sent()).isEqualTo(suite.sent() - erased.statements());
    assertThat(remaining.name()).isEqualTo("chaos-without-learner-" + erased.index());
  }

  @Test
  void theErasedLearnerIsTheSameForEveryRunOfASeedSoOneCleanRunServesEveryRepeat() {
    StreamedCohort suite = StreamedCohort.suite(QUICK);

    assertThat(ErasureDuringKill.learnerOf(suite, QUICK.seed()))
        .isEqualTo(ErasureDuringKill.learnerOf(StreamedCohort.suite(QUICK), QUICK.seed()));
  }

  @Test
  void theLearnersStatementsAmongTheFirstSentAreCountedInTheOrderTheyAreSent() {
    StreamedCohort suite = StreamedCohort.suite(QUICK);
    LearnerTruth erased = ErasureDuringKill.learnerOf(suite, QUICK.seed());
    List<Keyed> all = suite.statements().get().toList();
    int half = all.size() / 2;

    long expectedInFirstHalf = all.subList(0, half).stream().filter(k -> k.key().equals(erased.actorKey())).count();
    assertThat(ErasureDuringKill.statementsAmongFirst(suite, erased, half)).isEqualTo(expectedInFirstHalf)
        .isPositive().isLessThan(erased.statements());
    assertThat(ErasureDuringKill.statementsAmongFirst(suite, erased, all.size())).isEqualTo(erased.statements());
  }

  @Test
  void theSecondHalfOfTheCohortWaitsUntilTheErasureIsRecordedAndTheRunnerKilled() throws Exception {
    StreamedCohort suite = StreamedCohort.suite(QUICK);
    long half = suite.sent() / 2;
    AtomicLong taken = new AtomicLong();
    try (ErasureDuringKill erasure = new ErasureDuringKill(suite, ErasureDuringKill.learnerOf(suite, QUICK.seed()),
        "127.0.0.1:9", "unused.", "unused", Path.of("unused.yaml"), Path.of("unused.log"),
        new LearnerNames(new org.apache.flink.configuration.Configuration(), suite))) {
      Iterator<Keyed> statements = erasure.statements();
      Thread producer = new Thread(() -> {
        while (statements.hasNext()) {
          statements.next();
          taken.incrementAndGet();
        }
      });
      producer.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!(taken.get() == half && producer.getState() == Thread.State.TIMED_WAITING)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(taken.get()).as("statements taken before the release").isEqualTo(half);
      assertThat(producer.getState()).isEqualTo(Thread.State.TIMED_WAITING);

      erasure.releaseStream();
      producer.join(Duration.ofSeconds(30).toMillis());
      assertThat(taken.get()).isEqualTo(suite.sent());
    }
  }

  private static List<String> lines(List<Keyed> statements) {
    return statements.stream().map(k -> k.key() + " " + text(k.json())).toList();
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
