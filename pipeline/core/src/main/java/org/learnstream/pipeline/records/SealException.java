package org.learnstream.pipeline.records;

/**
 * Sealed bytes that could not be opened, and why. The message names the record and the reason, never any of the
 * sealed content.
 */
public final class SealException extends Exception {

  /** Why sealed bytes could not be opened. */
  public enum Reason {
    /** Too short, or not of the sealed form at all. */
    MALFORMED,
    /** Sealed in a format this version does not know. */
    UNKNOWN_VERSION,
    /** The learner record they were sealed under is gone: the learner was erased. */
    RECORD_ERASED,
    /** Sealed under another learner record than the one given. */
    OTHER_RECORD,
    /** The authentication tag does not match: altered, or sealed for another tenant or purpose. */
    NOT_AUTHENTIC,
    /** The reader was given no learner record store to look the record up in. */
    NO_RECORD_STORE
  }

  private final Reason reason;

  public SealException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
