package org.learnstream.jobs.chaos;

import java.util.Locale;

/**
 * One scenario's outcome against the clean run on the same input. {@code lost}: statements sent but absent from
 * learning_events; {@code duplicated}: rows left over after FINAL; {@code repeatsBeforeMerge}: redelivered rows that
 * ReplacingMergeTree collapses (expected after a crash, harmless); {@code masteryDifferences}: mastery rows (history and
 * current) that differ from the clean run's; {@code eventLogRecords}: committed records of the run's learning.events
 * topic (the cohort's statements plus the flush statement when the exactly-once sink held); {@code eventLogMissing}:
 * statements in learning_events that the committed event log lacks (a replay would lose them), or
 * {@link #NOT_COMPARED} when the log holds records this build cannot read; {@code tableDifferences}:
 * rows of every table rebuilt from the event log that differ from the clean run's, or {@link #NOT_COMPARED};
 * {@code cohort}: the name of the cohort streamed ({@link StreamedCohort}); {@code statementsSent}: its statements,
 * the malformed ones included (which {@code eventsIn} leaves out); {@code erasure}: what the erase-during-kill
 * scenario found of its erasure, null in the other scenarios.
 */
public record ScenarioResult(String scenario, int iteration, long eventsIn, long rowsOut, long lost, long duplicated,
    long repeatsBeforeMerge, long masteryRows, long masteryDifferences, long eventLogRecords,
    long eventLogMissing, long tableDifferences, double recoverySeconds, double totalSeconds, String cohort,
    long statementsSent, ErasureOutcome erasure) {

  /**
   * Scenarios that repeat inserts (a kill) leave means in the aggregate tables weighted by the repeats, so only
   * scenarios that restore exactly or replay compare every table.
   */
  public static final long NOT_COMPARED = -1;

  /** A scenario without an erasure. */
  public ScenarioResult(String scenario, int iteration, long eventsIn, long rowsOut, long lost, long duplicated,
      long repeatsBeforeMerge, long masteryRows, long masteryDifferences, long eventLogRecords,
      long eventLogMissing, long tableDifferences, double recoverySeconds, double totalSeconds, String cohort,
      long statementsSent) {
    this(scenario, iteration, eventsIn, rowsOut, lost, duplicated, repeatsBeforeMerge, masteryRows,
        masteryDifferences, eventLogRecords, eventLogMissing, tableDifferences, recoverySeconds, totalSeconds, cohort,
        statementsSent, null);
  }

  public boolean passed() {
    return eventsIn > 0 && lost == 0 && duplicated == 0 && masteryDifferences == 0 && eventLogMissing <= 0
        && tableDifferences <= 0
        && (erasure == null || erasure.complete());
  }

  public String line() {
    return String.format(Locale.ROOT,
        "scenario=%s events_in=%d rows_out=%d lost=%d duplicated=%d recovery_s=%.1f repeats_before_merge=%d "
            + "mastery_rows=%d mastery_diff=%d event_log=%d event_log_missing=%s tables_diff=%s cohort=%s statements=%d %stotal_s=%.1f %s",
        scenario, eventsIn, rowsOut, lost, duplicated, recoverySeconds, repeatsBeforeMerge, masteryRows,
        masteryDifferences, eventLogRecords, eventLogMissing == NOT_COMPARED ? "n/a" : eventLogMissing,
        tableDifferences == NOT_COMPARED ? "n/a" : tableDifferences, cohort,
        statementsSent, erasure == null ? "" : erasure.fields() + " ", totalSeconds, passed() ? "PASS" : "FAIL");
  }
}
