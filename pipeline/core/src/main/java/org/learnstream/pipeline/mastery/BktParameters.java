package org.learnstream.pipeline.mastery;

/**
 * The parameters of Bayesian Knowledge Tracing for one skill.
 *
 * @param prior  P(L0): probability the skill is known before the first attempt
 * @param learn  P(T): probability of moving from unknown to known after an attempt
 * @param guess  P(G): probability of a correct answer while the skill is unknown
 * @param slip   P(S): probability of a wrong answer while the skill is known
 * @param forget P(F): probability of moving from known to unknown after an attempt (0 in standard BKT)
 */
public record BktParameters(double prior, double learn, double guess, double slip, double forget)
    implements
      java.io.Serializable {

  /**
   * Used for skills without fitted parameters. A quarter of learners knowing a skill up front, a 15 % chance to
   * learn it per practice opportunity, and guess/slip within the bounds commonly used since Corbett and Anderson
   * (guess at most 0.3, slip at most 0.1) keep the estimate cautious: a new learner needs three correct answers
   * in a row before the default model reports mastery at 0.95 (P(L) 0.25 -> 0.66 -> 0.913 -> 0.982), and a
   * wrong answer right after that brings it back below the threshold (0.893).
   */
  public static final BktParameters DEFAULTS = new BktParameters(0.25, 0.15, 0.2, 0.1, 0.0);

  public BktParameters {
    requireProbability("prior", prior);
    requireProbability("learn", learn);
    requireProbability("guess", guess);
    requireProbability("slip", slip);
    requireProbability("forget", forget);
    if (guess >= 0.5) {
      throw new IllegalArgumentException("BKT parameter guess must be < 0.5 (a learner who does not know the skill"
          + " must be more likely wrong than right), got " + guess);
    }
    if (slip >= 0.5) {
      throw new IllegalArgumentException("BKT parameter slip must be < 0.5 (a learner who knows the skill"
          + " must be more likely right than wrong), got " + slip);
    }
  }

  /** Standard BKT (no forgetting). */
  public static BktParameters of(double prior, double learn, double guess, double slip) {
    return new BktParameters(prior, learn, guess, slip, 0.0);
  }

  private static void requireProbability(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("BKT parameter " + name + " must be a probability in [0, 1], got " + value);
    }
  }
}
