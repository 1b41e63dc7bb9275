package org.learnstream.pipeline.mastery;

import java.time.Instant;
import java.util.Objects;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Applies responses to per learner x skill {@link MasteryState} with BKT and reports the result as a
 * {@link MasteryUpdate}. Next to P(L) it keeps evidence teachers read directly: attempts, accuracy over the last
 * N attempts and the trend.
 *
 * <p>Trend = recent accuracy minus overall accuracy on the skill, both after this response. Positive: the last N
 * attempts went better than the learner's record on this skill as a whole (improving); negative: worse
 * (slipping); 0 until more than N attempts exist. It needs no state beyond the counters and the bit ring.
 */
public final class MasteryTracker {

  private final MasteryConfig config;
  private final int windowMask;

  public MasteryTracker(MasteryConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.windowMask = config.recentWindow() >= Integer.SIZE ? -1 : (1 << config.recentWindow()) - 1;
  }

  public MasteryConfig config() {
    return config;
  }

  /** The running estimate after one answer: the BKT update, held at most {@link MasteryConfig#P_KNOWN_CEILING}. */
  public static double nextPKnown(double pKnown, boolean correct, BktParameters p) {
    return Math.min(Bkt.update(pKnown, correct, p), MasteryConfig.P_KNOWN_CEILING);
  }

  /**
   * Applies one response (an event with success != null) for one skill; mutates state, returns the update. The
   * first call on an empty state starts from {@code p.prior()}.
   */
  public MasteryUpdate apply(MasteryState state, LearningEvent event, String skill, BktParameters p) {
    Boolean success = event.getSuccess();
    if (success == null) {
      throw new IllegalArgumentException("event " + event.getStatementId()
          + " has no result.success: only responses (kind RESPONSE with success set) update mastery");
    }
    Objects.requireNonNull(skill, "skill");
    boolean correct = success;
    long eventTime = event.getTimestamp().toEpochMilli();

    double before = state.isEmpty() ? p.prior() : state.pKnown;
    double predicted = Bkt.predictCorrect(before, p);
    double after = nextPKnown(before, correct, p);

    state.pKnown = after;
    state.attempts++;
    if (correct) {
      state.correctCount++;
    }
    state.recentBits = ((state.recentBits << 1) | (correct ? 1 : 0)) & windowMask;
    boolean mastered = after >= config.masteryThreshold();
    if (mastered && state.firstMasteredAt < 0) {
      state.firstMasteredAt = eventTime;
    }

    double recentAccuracy = state.recentAccuracy(config.recentWindow());
    double trend = recentAccuracy - state.overallAccuracy();
    return new MasteryUpdate(
        event.getTenant(),
        event.getLearner(),
        skill,
        event.getStatementId(),
        event.getCourse(),
        event.getSection(),
        event.getTimestamp(),
        state.attempts,
        correct,
        before,
        predicted,
        after,
        mastered,
        state.attempts,
        state.correctCount,
        recentAccuracy,
        config.recentWindow(),
        trend,
        state.firstMasteredAt < 0 ? null : Instant.ofEpochMilli(state.firstMasteredAt),
        config.modelVersion(),
        (long) state.attempts, // revision: the sequence, unless a caller that re-emits corrections numbers them
        false,
        null, // the item and Best-LR's fields: set by the job when it runs a Best-LR model
        null,
        null,
        null,
        null); // the learner record: set for the topic only (NameLearnersByRecord)
  }
}
