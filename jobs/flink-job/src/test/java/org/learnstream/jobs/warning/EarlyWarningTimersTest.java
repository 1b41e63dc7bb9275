package org.learnstream.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/** The early-warning operator's timers: how many each learner holds, and that firing them ends. */
class EarlyWarningTimersTest {

  /** Monday 2 March 2026, 09:00 UTC; four school days later is Friday 6 March, 09:00. */
  private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant FRIDAY = Instant.parse("2026-03-06T09:00:00Z");
  /** Far enough for every deadline (inactivity caution, act, forgetting) to have passed. */
  private static final Instant TWO_MONTHS_LATER = MONDAY.plus(Duration.ofDays(60));
  /** A loop of timers never returns; the deadline only turns that hang into a failure. */
  private static final Duration NO_LOOP = Duration.ofSeconds(60);

  private KeyedTwoInputStreamOperatorTestHarness<String, LearningEvent, MasteryUpdate, Alert> harness;
  private final ClassroomAnswers answers = new ClassroomAnswers();

  @BeforeEach
  void start() throws Exception {
    open(new RulesFile(null, 1000));
  }

  private void open(RulesFile rules) throws Exception {
    harness = new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new EarlyWarning(rules, false)), EarlyWarning::key, EarlyWarning::key,
        Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void manyLearnersWithManyAnswersHoldTwoTimersEachAndEveryTimerDrains() throws Exception {
    int learners = 300;
    for (int minute = 0; minute < 20; minute++) {
      for (int l = 0; l < learners; l++) {
        send(answers.answer("learner-" + l, MONDAY.plus(Duration.ofMinutes(minute)), minute % 3 != 0));
      }
    }
    assertThat(harness.numEventTimeTimers()).as("an inactivity and a forget timer per learner")
        .isEqualTo(2 * learners);

    advance(FRIDAY);
    assertThat(harness.numEventTimeTimers()).as("the caution fired, its escalation and the forget timer wait")
        .isEqualTo(2 * learners);

    advance(TWO_MONTHS_LATER);
    assertThat(harness.numEventTimeTimers()).as("every timer drained").isZero();
    assertThat(harness.numKeyedStateEntries()).as("every learner forgotten").isZero();
    assertThat(alerts().stream().filter(a -> a.getRule().equals("inactivity")).map(Alert::getTier).toList())
        .as("each learner's inactivity alert raised as caution and escalated once")
        .hasSize(2 * learners).containsOnly("caution", "act");
  }

  @Test
  void anAnswerArrivingAfterTheInactivityAlertButDatedBeforeItDoesNotFireTheSameDeadlineForever() {
    assertTimeoutPreemptively(NO_LOOP, () -> {
      send(answers.answer("ana", MONDAY, true));
      advance(FRIDAY);
      // late: dated before the newest answer, so the deadline stays Friday, which the cooldown keeps silent
      send(answers.answer("ana", MONDAY.minus(Duration.ofHours(1)), true));
      advance(FRIDAY.plus(Duration.ofHours(1)));
    });
    assertThat(alerts()).extracting(Alert::getRule, Alert::getTier, Alert::getStatus)
        .containsExactly(tuple("inactivity", "caution", AlertStatus.RAISED),
            tuple("inactivity", "caution", AlertStatus.RESOLVED));
    assertThat(harness.numEventTimeTimers()).as("only the forget timer is left").isEqualTo(1);
  }

  @Test
  void withActDaysEqualToDaysTheDeadlineThatRaisedTheCautionFiresOnceMoreToEscalate(@TempDir Path dir)
      throws Exception {
    harness.close();
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "default:\n  inactivity: {days: 4, act_days: 4}\n");
    open(new RulesFile(file.toString(), 1000));
    send(answers.answer("ana", MONDAY, true));

    assertTimeoutPreemptively(NO_LOOP, () -> advance(FRIDAY));

    assertThat(alerts()).extracting(Alert::getTier, Alert::getRaisedAt)
        .containsExactly(tuple("caution", FRIDAY), tuple("act", FRIDAY));
  }

  private void advance(Instant to) throws Exception {
    harness.processWatermark1(new Watermark(to.toEpochMilli()));
    harness.processWatermark2(new Watermark(to.toEpochMilli()));
  }

  private void send(LearningEvent e) throws Exception {
    harness.processElement1(new StreamRecord<>(e, e.getTimestamp().toEpochMilli()));
  }

  private List<Alert> alerts() {
    return harness.extractOutputValues();
  }
}
