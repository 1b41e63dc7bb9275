package org.learnstream.jobs.chaos;

import java.util.Locale;

/**
 * What the erase-during-kill scenario found of its erasure, once the job had finished the cohort.
 *
 * @param eraseRuns            runs of {@code learnstream erase}: more than one when a run exited before it had
 *                             recorded the erasure (changing nothing) and was run again
 * @param eraseExit            exit code of the run that recorded the erasure (0: verified)
 * @param receipts             rows of the tenant in erasure_receipts (one pseudonym held rows: one receipt)
 * @param verified             the receipt's verification scan found nothing
 * @param receiptMatchesLedger the receipt's id is the erasure id of the ledger entry
 * @param ledgerEntries        records appended to the run's learner.erasures (a retry must not append another)
 * @param learnerRows          rows naming the learner in any table, scanned after the cohort had landed and again
 *                             after the replay
 * @param ackedBeforeKill      the job had committed past the ledger entry before the kill: the kill came too late to
 *                             test the erasure in flight
 * @param eraseSeconds         from the erasure's request to its receipt, the kill and the restart included
 */
public record ErasureOutcome(int eraseRuns, int eraseExit, long receipts, boolean verified,
    boolean receiptMatchesLedger,
    long ledgerEntries, long learnerRows, boolean ackedBeforeKill, double eraseSeconds) {

  public boolean complete() {
    return eraseExit == 0 && receipts == 1 && verified && receiptMatchesLedger && ledgerEntries == 1
        && learnerRows == 0 && !ackedBeforeKill;
  }

  String fields() {
    return String.format(Locale.ROOT,
        "erase_runs=%d erase_exit=%d receipts=%d verified=%s receipt_matches_ledger=%s ledger_entries=%d learner_rows=%d "
            + "acked_before_kill=%s erase_s=%.1f",
        eraseRuns, eraseExit, receipts, yesNo(verified), yesNo(receiptMatchesLedger), ledgerEntries, learnerRows,
        yesNo(ackedBeforeKill), eraseSeconds);
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
