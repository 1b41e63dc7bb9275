package org.learnstream.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.warning.WarningRules;
import org.learnstream.pipeline.warning.rules.FailureStreakRule;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

class EarlyWarningTest {

  /** Monday 2 March 2026, 09:00 UTC. */
  private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
  /** Four school days later (built-in inactivity rule): Friday 6 March, 09:00. */
  private static final Instant FRIDAY = Instant.parse("2026-03-06T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-03-03T09:00:00Z");
  private static final Instant WEDNESDAY = Instant.parse("2026-03-04T09:00:00Z");
  private static final Instant NEXT_MONTH = Instant.parse("2026-04-02T09:00:00Z");
  /** Far enough for every deadline (inactivity caution, act, forgetting) to have passed. */
  private static final Instant TWO_MONTHS_LATER = MONDAY.plus(Duration.ofDays(60));
  /** A loop of timers never returns; the deadline only turns that hang into a failure. */
  private static final Duration NO_LOOP = Duration.ofSeconds(60);
  /** The tenant of {@link ClassroomAnswers}. */
  private static final String TENANT = "t1";

  private KeyedBroadcastOperatorTestHarness<String, Either<LearningEvent, MasteryUpdate>, ErasureRequest, Alert> harness;
  private final ClassroomAnswers answers = new ClassroomAnswers();

  @BeforeEach
  void start() throws Exception {
    open(new RulesFile(null, 1000), false);
  }

  private void open(RulesFile rules, boolean processingTime) throws Exception {
    open(rules, processingTime, ByLearnerDigest.either());
  }

  private void open(RulesFile rules, boolean processingTime,
      KeySelector<Either<LearningEvent, MasteryUpdate>, String> keys)
      throws Exception {
    harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
        new EarlyWarning(rules, processingTime), List.of(ErasedLearnersState.DESCRIPTOR)), keys, Types.STRING, 128, 1,
        0);
    harness.open();
    harness.processBroadcastWatermark(Long.MAX_VALUE);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void inactivityFiresOnlyWhenTheWatermarkPassesTheDeadline() throws Exception {
    send(answer("ana", MONDAY, true));

    harness.processWatermark(new Watermark(FRIDAY.toEpochMilli() - 1));
    assertThat(alerts()).isEmpty();

    harness.processWatermark(new Watermark(FRIDAY.toEpochMilli()));
    List<Alert> alerts = alerts();
    assertThat(alerts).hasSize(1);
    Alert raised = alerts.get(0);
    assertThat(raised.getRule()).isEqualTo("inactivity");
    assertThat(raised.getStatus()).isEqualTo(AlertStatus.RAISED);
    assertThat(raised.getRaisedAt()).isEqualTo(FRIDAY);
    assertThat(raised.getSkill()).isNull();
    assertThat(raised.getEvidenceEvents()).containsExactly("s1");
  }

  @Test
  void newActivityResolvesTheInactivityAlertWithTheSameId() throws Exception {
    send(answer("ana", MONDAY, true));
    advance(FRIDAY);
    Instant back = FRIDAY.plus(Duration.ofHours(2));
    send(answer("ana", back, true));

    List<Alert> alerts = alerts();
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(alerts.get(1).getAlertId()).isEqualTo(alerts.get(0).getAlertId());
    assertThat(alerts.get(1).getResolvedAt()).isEqualTo(back);
    assertThat(alerts.get(1).getVersion()).isGreaterThan(alerts.get(0).getVersion());
  }

  @Test
  void aLearnerWhoLeavesIsAlertedAsCautionThenActAndLosesStateAndTimers() throws Exception {
    send(answer("ana", MONDAY, true));
    assertThat(keyedStateEntries()).isPositive();
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    advance(MONDAY.plus(Duration.ofDays(30)));

    // The inactivity alert's escalation fires on a timer registered when its caution version was raised.
    assertThat(alerts()).extracting(Alert::getRule, Alert::getTier, Alert::getVersion).containsExactly(
        tuple("inactivity", "caution", 1L),
        tuple("inactivity", "act", 2L));
    assertThat(alerts().get(1).getAlertId()).isEqualTo(alerts().get(0).getAlertId());
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void eachNewEventMovesTheInactivityTimerInsteadOfAddingOne() throws Exception {
    for (int i = 0; i < 5; i++) {
      send(answer("ana", MONDAY.plus(Duration.ofMinutes(i)), true));
    }
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);
  }

  @Test
  void aFailureStreakResolvesOnACorrectAnswerAndDoesNotReturnWithinTheCooldown() throws Exception {
    Instant t = MONDAY;
    int failures = WarningRules.defaults().of(FailureStreakRule.RULE).failures();
    for (int i = 0; i < failures; i++) {
      send(answer("ben", t = t.plusSeconds(60), false));
    }
    send(answer("ben", t = t.plusSeconds(60), true));
    for (int i = 0; i < failures; i++) {
      send(answer("ben", t = t.plusSeconds(60), false));
    }
    List<Alert> streaks = alerts().stream().filter(a -> a.getRule().equals("failure_streak")).toList();
    assertThat(streaks).extracting(Alert::getStatus).containsExactly(AlertStatus.RAISED, AlertStatus.RESOLVED);
    assertThat(streaks.get(0).getEvidence()).contains("\"consecutive_failures\":" + failures);
    assertThat(streaks.get(0).getEvidenceEvents()).hasSize(failures);

    send(answer("ben", t = t.plus(Duration.ofDays(1)), true));
    for (int i = 0; i < failures; i++) {
      send(answer("ben", t = t.plusSeconds(60), false));
    }
    List<Alert> after = alerts().stream().filter(a -> a.getRule().equals("failure_streak")).toList();
    assertThat(after).hasSize(3);
    assertThat(after.get(2).getStatus()).isEqualTo(AlertStatus.RAISED);
    assertThat(after.get(2).getAlertId()).isNotEqualTo(after.get(0).getAlertId());
  }

  @Test
  void theEndOfABoundedInputIsNotInactivity() throws Exception {
    send(answer("ana", MONDAY, true));
    harness.processWatermark(new Watermark(Long.MAX_VALUE));
    assertThat(alerts()).isEmpty();
  }

  @Test
  void learnersAreKeptApart() throws Exception {
    send(answer("ana", MONDAY, true));
    send(answer("ben", MONDAY.plus(Duration.ofDays(1)), true));
    advance(FRIDAY);
    assertThat(alerts()).extracting(Alert::getLearner).containsExactly("ana");
  }

  @Test
  void inProcessingTimeTheEscalationComesTheDaysBetweenCautionAndActAfterTheCaution() throws Exception {
    harness.close();
    open(new RulesFile(null, 1000), true);
    harness.setProcessingTime(0);
    send(answer("ana", MONDAY, true));

    // Monday 09:00 + 4 school days is Friday 09:00; + 6 school days is the Tuesday after.
    long caution = Duration.between(MONDAY, FRIDAY).toMillis();
    long act = Duration.between(MONDAY, FRIDAY.plus(Duration.ofDays(4))).toMillis();
    harness.setProcessingTime(caution);
    assertThat(alerts()).extracting(Alert::getTier).containsExactly("caution");
    harness.setProcessingTime(act - 1);
    assertThat(alerts()).hasSize(1);
    harness.setProcessingTime(act);
    assertThat(alerts()).extracting(Alert::getTier).containsExactly("caution", "act");
  }

  @Test
  void theErasedLearnersStateGoesAndOnlyTheOthersInactivityFires() throws Exception {
    send(answer("ana", MONDAY, true));
    send(answer("ben", MONDAY, true));

    erase("ana", TUESDAY);

    assertThat(keysWith("warnings")).containsExactly(LearnerDigest.of(TENANT, "ben"));
    assertThat(keysWith("inactivity-timer")).containsExactly(LearnerDigest.of(TENANT, "ben"));
    advance(NEXT_MONTH);
    assertThat(alerts()).extracting(Alert::getLearner).isNotEmpty().containsOnly("ben");
    assertThat(harness.numEventTimeTimers()).as("every timer drained").isZero();
  }

  @Test
  void whatTheOperatorKeepsOfAnErasedLearnerNamesThemByDigestNeverByPseudonym() throws Exception {
    send(answer("ana", MONDAY, true));
    send(answer("ben", MONDAY, true));

    erase("ana", TUESDAY);

    List<String> erased = new ArrayList<>();
    harness.getOperator().getOperatorStateBackend().getBroadcastState(ErasedLearnersState.DESCRIPTOR).entries()
        .forEach(entry -> erased.add(entry.getKey()));
    assertThat(erased).containsExactly(ErasureRequest.learnerKey(TENANT, LearnerDigest.of(TENANT, "ana")));
    assertThat(keysWith("warnings")).containsExactly(LearnerDigest.of(TENANT, "ben"));
  }

  @Test
  void stateKeptUnderTheOldTenantPseudonymKeyGoesWithoutAlertsWhenItsTimerFires() throws Exception {
    harness.close();
    open(new RulesFile(null, 1000), false, ByOldKey.INSTANCE);
    send(answer("ana", MONDAY, false));
    assertThat(harness.numEventTimeTimers()).isPositive();

    advance(NEXT_MONTH);

    assertThat(alerts()).isEmpty();
    assertThat(harness.numEventTimeTimers()).as("every timer drained").isZero();
    assertThat(keyedStateEntries()).as("nothing kept under the old key").isZero();
  }

  @Test
  void stateKeptUnderTheOldTenantPseudonymKeyGoesWithTheNextErasureOfAnyone() throws Exception {
    harness.close();
    open(new RulesFile(null, 1000), false, ByOldKey.INSTANCE);
    send(answer("ana", MONDAY, false));

    erase("ben", TUESDAY);

    assertThat(keysWith("warnings")).isEmpty();
    advance(NEXT_MONTH);
    assertThat(alerts()).isEmpty();
  }

  /** How a build before digests keyed learners, as a savepoint of it restores them. */
  private enum ByOldKey implements KeySelector<Either<LearningEvent, MasteryUpdate>, String> {
    INSTANCE;

    @Override
    public String getKey(Either<LearningEvent, MasteryUpdate> input) {
      return input.isLeft()
          ? input.left().getTenant() + "|" + input.left().getLearner()
          : input.right().getTenant() + "|" + input.right().getLearner();
    }
  }

  /** Keys holding any of the operator's keyed states. */
  private int keyedStateEntries() {
    return keysWith("warnings").size() + keysWith("inactivity-timer").size() + keysWith("forget-timer").size()
        + keysWith("erased-at").size();
  }

  private List<String> keysWith(String state) {
    try (Stream<String> keys = harness.getOperator().<String>getKeyedStateBackend().getKeys(state,
        VoidNamespace.INSTANCE)) {
      return keys.toList();
    }
  }

  @Test
  void theLearnersAnswersUpToTheErasureAreDroppedAndALaterOneStartsAfresh() throws Exception {
    erase("ana", TUESDAY);

    send(answer("ana", MONDAY, false));
    assertThat(harness.numEventTimeTimers()).as("an answer dated before the erasure").isZero();

    send(answer("ana", WEDNESDAY, true));
    assertThat(harness.numEventTimeTimers()).as("a later answer: the learner's own timers again").isPositive();
  }

  @Test
  void manyLearnersWithManyAnswersHoldTwoTimersEachAndEveryTimerDrains() throws Exception {
    int learners = 300;
    for (int minute = 0; minute < 20; minute++) {
      for (int l = 0; l < learners; l++) {
        send(answer("learner-" + l, MONDAY.plus(Duration.ofMinutes(minute)), minute % 3 != 0));
      }
    }
    assertThat(harness.numEventTimeTimers()).as("an inactivity and a forget timer per learner")
        .isEqualTo(2 * learners);

    advance(FRIDAY);
    assertThat(harness.numEventTimeTimers()).as("the caution fired, its escalation and the forget timer wait")
        .isEqualTo(2 * learners);

    advance(TWO_MONTHS_LATER);
    assertThat(harness.numEventTimeTimers()).as("every timer drained").isZero();
    assertThat(keyedStateEntries()).as("every learner forgotten").isZero();
    assertThat(alerts().stream().filter(a -> a.getRule().equals("inactivity")).map(Alert::getTier).toList())
        .as("each learner's inactivity alert raised as caution and escalated once")
        .hasSize(2 * learners).containsOnly("caution", "act");
  }

  @Test
  void anAnswerArrivingAfterTheInactivityAlertButDatedBeforeItDoesNotFireTheSameDeadlineForever() {
    assertTimeoutPreemptively(NO_LOOP, () -> {
      send(answer("ana", MONDAY, true));
      advance(FRIDAY);
      // late: dated before the newest answer, so the deadline stays Friday, which the cooldown keeps silent
      send(answer("ana", MONDAY.minus(Duration.ofHours(1)), true));
      advance(FRIDAY.plus(Duration.ofHours(1)));
    });
    assertThat(alerts()).extracting(Alert::getRule, Alert::getTier, Alert::getStatus)
        .containsExactly(tuple("inactivity", "caution", AlertStatus.RAISED),
            tuple("inactivity", "caution", AlertStatus.RESOLVED));
    assertThat(harness.numEventTimeTimers()).as("the forget timer and one at the cooldown's end").isEqualTo(2);
  }

  @Test
  void aLearnerStillAwayAfterALateAnswerResolvedTheirAlertIsAlertedAgainWhenTheCooldownEnds() throws Exception {
    Instant cooldownEnd = FRIDAY.plus(Duration.ofDays(1));
    send(answer("ana", MONDAY, true));
    advance(FRIDAY);
    send(answer("ana", MONDAY.minus(Duration.ofHours(1)), true));

    assertTimeoutPreemptively(NO_LOOP, () -> advance(cooldownEnd.minusMillis(1)));
    assertThat(alerts()).as("within the cooldown").hasSize(2);
    assertTimeoutPreemptively(NO_LOOP, () -> advance(cooldownEnd));

    assertThat(alerts()).extracting(Alert::getTier, Alert::getStatus, Alert::getRaisedAt)
        .containsExactly(tuple("caution", AlertStatus.RAISED, FRIDAY), tuple("caution", AlertStatus.RESOLVED, FRIDAY),
            tuple("caution", AlertStatus.RAISED, cooldownEnd));
  }

  @Test
  void withActDaysEqualToDaysTheDeadlineThatRaisedTheCautionFiresOnceMoreToEscalate(@TempDir Path dir)
      throws Exception {
    harness.close();
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "default:\n  inactivity: {days: 4, act_days: 4}\n");
    open(new RulesFile(file.toString(), 1000), false);
    send(answer("ana", MONDAY, true));

    assertTimeoutPreemptively(NO_LOOP, () -> advance(FRIDAY));

    assertThat(alerts()).extracting(Alert::getTier, Alert::getRaisedAt)
        .containsExactly(tuple("caution", FRIDAY), tuple("act", FRIDAY));
  }

  private void advance(Instant to) throws Exception {
    harness.processWatermark(new Watermark(to.toEpochMilli()));
  }

  private void send(LearningEvent e) throws Exception {
    harness.processElement(new StreamRecord<>(Either.Left(e), e.getTimestamp().toEpochMilli()));
  }

  private void erase(String learner, Instant at) throws Exception {
    harness.processBroadcastElement(ErasureRequest.of("erasure-1", TENANT, learner, at), at.toEpochMilli());
  }

  private List<Alert> alerts() {
    return harness.extractOutputValues();
  }

  private LearningEvent answer(String learner, Instant at, boolean correct) {
    return answers.answer(learner, at, correct);
  }
}
