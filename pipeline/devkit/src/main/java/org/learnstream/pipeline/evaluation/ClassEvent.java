package org.learnstream.pipeline.evaluation;

/**
 * Something that happens to a whole class (section number {@code section}, from 1) at once, applied to a simulated cohort for scoring: here a holiday, on
 * which every learner of one section stops practising for {@code days} calendar days from {@code fromDay} (days
 * counted from the cohort's start). It leaves each learner's hidden truth alone: it is a teaching signal, not a
 * learner at risk, so every per-learner act alert it causes is a false alarm.
 */
public record ClassEvent(int section, int fromDay, int days) {

  public ClassEvent {
    if (section < 1) {
      throw new IllegalArgumentException("ClassEvent.section must be a section number from 1 (was " + section + ")");
    }
    if (fromDay < 0 || days < 1) {
      throw new IllegalArgumentException(
          "ClassEvent.fromDay must be >= 0 and days >= 1 (was " + fromDay + ", " + days + ")");
    }
  }

  /** The line {@code evaluate-alerts} prints: {@code class_event kind=holiday section=... from_day=... days=...}. */
  public String describe() {
    return "kind=holiday section=" + section + " from_day=" + fromDay + " days=" + days;
  }
}
