package org.learnstream.pipeline.simulate;

/**
 * Share of learners given each at-risk behaviour (a learner gets at most one). Counts are
 * {@code Math.round(share * learners)}, so a cohort holds exactly the configured share.
 */
public record BehaviourMix(double disengage, double wheelSpin, double rapidGuess, double forget, double struggle) {

  public BehaviourMix {
    share("disengage", disengage);
    share("wheelSpin", wheelSpin);
    share("rapidGuess", rapidGuess);
    share("forget", forget);
    share("struggle", struggle);
    double sum = disengage + wheelSpin + rapidGuess + forget + struggle;
    if (sum > 1 + 1e-9) {
      throw new IllegalArgumentException("BehaviourMix shares must add up to at most 1 (was " + sum + ")");
    }
  }

  /** Disengaging, wheel-spinning and rapid-guessing learners only. */
  public BehaviourMix(double disengage, double wheelSpin, double rapidGuess) {
    this(disengage, wheelSpin, rapidGuess, 0, 0);
  }

  public static BehaviourMix none() {
    return new BehaviourMix(0, 0, 0);
  }

  /** {@code share} of learners with each of the five behaviours, one per early-warning rule. */
  public static BehaviourMix everyBehaviour(double share) {
    return new BehaviourMix(share, share, share, share, share);
  }

  /** 5 % of learners with each behaviour. */
  public static BehaviourMix typical() {
    return new BehaviourMix(0.05, 0.05, 0.05);
  }

  int count(Behaviour behaviour, int learners) {
    double share = switch (behaviour) {
      case DISENGAGE -> disengage;
      case WHEEL_SPIN -> wheelSpin;
      case RAPID_GUESS -> rapidGuess;
      case FORGET -> forget;
      case STRUGGLE -> struggle;
      case NONE -> 0;
    };
    return (int) Math.round(share * learners);
  }

  private static void share(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("BehaviourMix." + field + " must be a share in [0, 1] (was " + value + ")");
    }
  }
}
