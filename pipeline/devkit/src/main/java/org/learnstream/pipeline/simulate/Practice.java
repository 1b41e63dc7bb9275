package org.learnstream.pipeline.simulate;

import java.time.LocalTime;

/**
 * How learners practise: sessions on school days (Monday-Friday) that start within school hours, each
 * a run of answered items, sometimes opened by a lesson ({@code experienced}) and closed by finishing
 * the practice set ({@code completed}).
 *
 * @param sessionsPerWeekMin each learner's habit is drawn uniformly from [min, max] sessions per week
 * @param attemptsPerSessionMin attempts in a session, uniform in [min, max]
 * @param schoolStart sessions start no earlier than this local time
 * @param schoolEnd sessions start no later than this local time
 * @param lessonShare share of sessions that open with an {@code experienced} lesson statement
 * @param completionShare share of sessions that end with a {@code completed} practice-set statement
 * @param reviewShare share of attempts that revisit an earlier skill instead of the current one
 * @param itemsPerSkill distinct items (activity ids) per skill
 * @param medianAnswerSeconds median answer duration; durations are log-normal, mostly 10-90 s
 */
public record Practice(int sessionsPerWeekMin, int sessionsPerWeekMax, int attemptsPerSessionMin,
    int attemptsPerSessionMax,
    LocalTime schoolStart, LocalTime schoolEnd, double lessonShare, double completionShare,
    double reviewShare, int itemsPerSkill, double medianAnswerSeconds) {

  /** Attempts on the current skill after which the class moves a learner on without 3 correct in a row. */
  static final int MOVE_ON_AFTER = 12;

  public Practice {
    if (sessionsPerWeekMin < 0 || sessionsPerWeekMax < sessionsPerWeekMin || sessionsPerWeekMax > 30) {
      throw new IllegalArgumentException("Practice.sessionsPerWeekMin/Max must satisfy 0 <= min <= max <= 30 (was "
          + sessionsPerWeekMin + ".." + sessionsPerWeekMax + ")");
    }
    if (attemptsPerSessionMin < 1 || attemptsPerSessionMax < attemptsPerSessionMin || attemptsPerSessionMax > 200) {
      throw new IllegalArgumentException("Practice.attemptsPerSessionMin/Max must satisfy 1 <= min <= max <= 200 (was "
          + attemptsPerSessionMin + ".." + attemptsPerSessionMax + ")");
    }
    if (schoolStart == null || schoolEnd == null || !schoolEnd.isAfter(schoolStart)) {
      throw new IllegalArgumentException(
          "Practice.schoolEnd (" + schoolEnd + ") must be after schoolStart (" + schoolStart + ")");
    }
    share("lessonShare", lessonShare);
    share("completionShare", completionShare);
    share("reviewShare", reviewShare);
    if (itemsPerSkill < 1 || itemsPerSkill > 10_000) {
      throw new IllegalArgumentException("Practice.itemsPerSkill must be in [1, 10000] (was " + itemsPerSkill + ")");
    }
    if (!(medianAnswerSeconds >= 2 && medianAnswerSeconds <= 600)) {
      throw new IllegalArgumentException(
          "Practice.medianAnswerSeconds must be in [2, 600] (was " + medianAnswerSeconds + ")");
    }
  }

  /**
   * A maths class that practises daily: 7-15 sessions a week (a practice block in most lessons, extra
   * practice on some days) of 5-20 attempts, starting between 08:30 and 14:30, answers taking 30 s at the
   * median (mostly 10-90 s between attempts).
   */
  public static Practice typical() {
    return new Practice(7, 15, 5, 20, LocalTime.of(8, 30), LocalTime.of(14, 30), 0.3, 0.5, 0.15, 30, 30.0);
  }

  private static void share(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("Practice." + field + " must be a share in [0, 1] (was " + value + ")");
    }
  }
}
