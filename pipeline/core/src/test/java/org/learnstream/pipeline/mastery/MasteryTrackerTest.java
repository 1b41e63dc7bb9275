package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

class MasteryTrackerTest {

  private static final BktParameters P = BktParameters.DEFAULTS; // 0.25, 0.15, 0.2, 0.1, 0
  private static final double TOL = 1e-9;

  private final MasteryTracker tracker = new MasteryTracker(MasteryConfig.defaults());
  private long clock = 1_700_000_000_000L;
  private int counter;

  @Test
  void firstResponseStartsFromThePriorAndFillsEveryField() {
    MasteryState state = new MasteryState();
    LearningEvent event = response(true);
    MasteryUpdate update = tracker.apply(state, event, "fractions", P);

    assertThat(update.getTenant()).isEqualTo("school-1");
    assertThat(update.getLearner()).isEqualTo("learner-1");
    assertThat(update.getSkill()).isEqualTo("fractions");
    assertThat(update.getStatementId()).isEqualTo(event.getStatementId());
    assertThat(update.getCourse()).isEqualTo("course-1");
    assertThat(update.getSection()).isEqualTo("section-1");
    assertThat(update.getEventTime()).isEqualTo(event.getTimestamp());
    assertThat(update.getSequence()).isEqualTo(1);
    assertThat(update.getCorrect()).isTrue();
    assertThat(update.getPKnownBefore()).isEqualTo(0.25);
    assertThat(update.getPCorrectPredicted()).isCloseTo(0.25 * 0.9 + 0.75 * 0.2, within(TOL));
    // posterior 0.225 / 0.375 = 0.6, transition 0.6 + 0.4 * 0.15
    assertThat(update.getPKnownAfter()).isCloseTo(0.66, within(TOL));
    assertThat(update.getMastered()).isFalse();
    assertThat(update.getAttempts()).isEqualTo(1);
    assertThat(update.getCorrectCount()).isEqualTo(1);
    assertThat(update.getRecentAccuracy()).isEqualTo(1.0);
    assertThat(update.getRecentWindow()).isEqualTo(10);
    assertThat(update.getTrend()).isEqualTo(0.0);
    assertThat(update.getFirstMasteredAt()).isNull();
    assertThat(update.getModelVersion()).isEqualTo("bkt/defaults");
    assertThat(state.pKnown).isCloseTo(0.66, within(TOL));
  }

  @Test
  void aLongCorrectRunStopsAtTheCeilingSoThatLaterWrongAnswersCanStillBringMasteryDown() {
    MasteryState state = new MasteryState();
    for (int i = 0; i < 200; i++) {
      tracker.apply(state, response(true), "s", P);
    }
    // unbounded, 200 correct answers round P(L) to exactly 1.0, from which no answer can move it
    double unbounded = P.prior();
    for (int i = 0; i < 200; i++) {
      unbounded = Bkt.update(unbounded, true, P);
    }
    assertThat(unbounded).isEqualTo(1.0);
    assertThat(Bkt.update(unbounded, false, P)).isEqualTo(1.0);
    assertThat(state.pKnown).isEqualTo(MasteryConfig.P_KNOWN_CEILING);

    MasteryUpdate last = null;
    for (int i = 0; i < 6; i++) {
      last = tracker.apply(state, response(false), "s", P);
    }
    assertThat(last.getPKnownAfter()).isLessThan(MasteryConfig.defaults().masteryThreshold());
    assertThat(last.getMastered()).isFalse();
  }

  @Test
  void refusesAMasteryThresholdAboveTheCeiling() {
    assertThatThrownBy(() -> new MasteryConfig(1.0, 10, "bkt/defaults"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("masteryThreshold");
  }

  @Test
  void threeCorrectAnswersReachTheMasteryThresholdAndFirstMasteredAtIsSetOnce() {
    MasteryState state = new MasteryState();
    tracker.apply(state, response(true), "s", P);
    MasteryUpdate second = tracker.apply(state, response(true), "s", P);
    // from 0.66: posterior 0.66*0.9 / (0.594 + 0.34*0.2) = 0.594 / 0.662, then + (1 - it) * 0.15
    double afterSecond = 0.594 / 0.662 + (1 - 0.594 / 0.662) * 0.15;
    assertThat(second.getPKnownAfter()).isCloseTo(afterSecond, within(TOL));
    assertThat(second.getMastered()).isFalse();

    LearningEvent third = response(true);
    MasteryUpdate masteredUpdate = tracker.apply(state, third, "s", P);
    double posterior = afterSecond * 0.9 / (afterSecond * 0.9 + (1 - afterSecond) * 0.2);
    assertThat(masteredUpdate.getPKnownAfter()).isCloseTo(posterior + (1 - posterior) * 0.15, within(TOL));
    assertThat(masteredUpdate.getPKnownAfter()).isGreaterThanOrEqualTo(0.95);
    assertThat(masteredUpdate.getMastered()).isTrue();
    assertThat(masteredUpdate.getFirstMasteredAt()).isEqualTo(third.getTimestamp());

    MasteryUpdate slip = tracker.apply(state, response(false), "s", P);
    assertThat(slip.getMastered()).isFalse();
    assertThat(slip.getFirstMasteredAt()).isEqualTo(third.getTimestamp());
    MasteryUpdate again = tracker.apply(state, response(true), "s", P);
    assertThat(again.getMastered()).isTrue();
    assertThat(again.getFirstMasteredAt()).isEqualTo(third.getTimestamp());
    assertThat(state.firstMasteredAt).isEqualTo(third.getTimestamp().toEpochMilli());
  }

  @Test
  void masteryThresholdIsConfigurable() {
    MasteryTracker lenient = new MasteryTracker(new MasteryConfig(0.6, 10, "bkt/test"));
    MasteryUpdate update = lenient.apply(new MasteryState(), response(true), "s", P);
    assertThat(update.getPKnownAfter()).isCloseTo(0.66, within(TOL));
    assertThat(update.getMastered()).isTrue();
    assertThat(update.getModelVersion()).isEqualTo("bkt/test");
  }

  @Test
  void recentAccuracyCoversOnlyTheLastWindowOfAttemptsAndTrendComparesItWithOverallAccuracy() {
    MasteryTracker windowOfThree = new MasteryTracker(new MasteryConfig(0.95, 3, "bkt/test"));
    MasteryState state = new MasteryState();
    MasteryUpdate last = null;
    for (boolean correct : List.of(false, false, true, true, false)) {
      last = windowOfThree.apply(state, response(correct), "s", P);
    }
    // last three: correct, correct, wrong; overall 2 of 5
    assertThat(last.getRecentAccuracy()).isCloseTo(2.0 / 3.0, within(TOL));
    assertThat(last.getTrend()).isCloseTo(2.0 / 3.0 - 2.0 / 5.0, within(TOL));
    assertThat(last.getSequence()).isEqualTo(5);
    assertThat(last.getAttempts()).isEqualTo(5);
    assertThat(last.getCorrectCount()).isEqualTo(2);
    assertThat(Integer.bitCount(state.recentBits)).isEqualTo(2);
    assertThat(state.recentBits).isLessThan(1 << 3);
  }

  @Test
  void recentAccuracyBeforeTheWindowFillsUsesTheAttemptsSoFar() {
    MasteryState state = new MasteryState();
    tracker.apply(state, response(true), "s", P);
    MasteryUpdate update = tracker.apply(state, response(false), "s", P);
    assertThat(update.getRecentAccuracy()).isEqualTo(0.5);
    assertThat(update.getTrend()).isEqualTo(0.0);
  }

  @Test
  void aWindowOfThirtyTwoUsesEveryBitOfTheRing() {
    MasteryTracker wide = new MasteryTracker(new MasteryConfig(0.95, 32, "bkt/test"));
    MasteryState state = new MasteryState();
    MasteryUpdate last = null;
    for (int i = 0; i < 40; i++) {
      last = wide.apply(state, response(i % 4 != 0), "s", P); // wrong at 0, 4, ..., 36
    }
    // attempts 8..39 hold wrong answers at 8, 12, ..., 36: 8 of 32
    assertThat(last.getRecentAccuracy()).isCloseTo(24.0 / 32.0, within(TOL));
  }

  @Test
  void rejectsAnEventWithoutSuccess() {
    LearningEvent activity = response(true);
    activity.setSuccess(null);
    assertThatThrownBy(() -> tracker.apply(new MasteryState(), activity, "s", P))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no result.success");
  }

  @Test
  void configValidationNamesTheSetting() {
    assertThatThrownBy(() -> new MasteryConfig(0.0, 10, "v")).hasMessageContaining("masteryThreshold");
    assertThatThrownBy(() -> new MasteryConfig(0.95, 33, "v")).hasMessageContaining("recentWindow");
    assertThatThrownBy(() -> new MasteryConfig(0.95, 10, " ")).hasMessageContaining("modelVersion");
  }

  @Test
  void stateIsAFlinkPojoSoKryoIsNeverNeeded() {
    TypeInformation<MasteryState> info = TypeExtractor.createTypeInfo(MasteryState.class);
    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<MasteryState> pojo = (PojoTypeInfo<MasteryState>) info;
    for (int i = 0; i < pojo.getArity(); i++) {
      assertThat(pojo.getPojoFieldAt(i).getTypeInformation().isBasicType())
          .as("field %s", pojo.getPojoFieldAt(i).getField().getName()).isTrue();
    }
    assertThat(pojo.getArity()).isEqualTo(5);
  }

  private LearningEvent response(boolean correct) {
    counter++;
    clock += 60_000;
    return LearningEvent.newBuilder()
        .setStatementId("00000000-0000-4000-8000-" + String.format("%012d", counter))
        .setTenant("school-1")
        .setLearner("learner-1")
        .setKind(EventKind.RESPONSE)
        .setVerb("http://adlnet.gov/expapi/verbs/answered")
        .setObjectId("https://example.org/items/" + counter)
        .setObjectType("Activity")
        .setSkills(List.of("s"))
        .setSuccess(correct)
        .setCourse("course-1")
        .setSection("section-1")
        .setTimestamp(Instant.ofEpochMilli(clock))
        .setStored(Instant.ofEpochMilli(clock + 5))
        .build();
  }
}
