package org.learnstream.pipeline.mastery.bestlr;

/**
 * A learner's earlier successes and failures, on one skill or over all skills: the only state Best-LR keeps.
 * Two ints, {@link #BYTES} bytes: the job keeps a pair per learner; the pair per learner x skill is the mastery
 * state's attempts and correct answers.
 */
public record Counts(int successes, int failures) {

  public static final Counts NONE = new Counts(0, 0);

  /** Payload of one counter pair in keyed state. */
  public static final int BYTES = 2 * Integer.BYTES;

  public Counts {
    if (successes < 0 || failures < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + successes + "/" + failures);
    }
  }

  /** The counts after one more response. */
  public Counts after(boolean correct) {
    return correct ? new Counts(successes + 1, failures) : new Counts(successes, failures + 1);
  }

  /** The counts before the last response, which was {@code correct}. */
  public Counts before(boolean correct) {
    return correct ? new Counts(successes - 1, failures) : new Counts(successes, failures - 1);
  }

  public Counts plus(Counts other) {
    return new Counts(successes + other.successes, failures + other.failures);
  }

  /** These counts less {@code other}, each at least zero. */
  public Counts minusAtMostAll(Counts other) {
    return new Counts(Math.max(0, successes - other.successes), Math.max(0, failures - other.failures));
  }
}
