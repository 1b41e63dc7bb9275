package org.learnstream.pipeline.mastery;

/**
 * The Bayesian Knowledge Tracing kernel (Corbett and Anderson 1995): pure functions of P(L), allocation-free so the
 * streaming job can call them per event.
 */
public final class Bkt {

  private Bkt() {
  }

  /** P(correct) = P(L)(1-S) + (1-P(L))G. */
  public static double predictCorrect(double pKnown, BktParameters p) {
    return pKnown * (1.0 - p.slip()) + (1.0 - pKnown) * p.guess();
  }

  /** P(L | observation) by Bayes' rule. */
  public static double posterior(double pKnown, boolean correct, BktParameters p) {
    double known;
    double unknown;
    if (correct) {
      known = pKnown * (1.0 - p.slip());
      unknown = (1.0 - pKnown) * p.guess();
    } else {
      known = pKnown * p.slip();
      unknown = (1.0 - pKnown) * (1.0 - p.guess());
    }
    double evidence = known + unknown;
    // Only reachable with guess or slip at 0 and an observation the model calls impossible: keep the belief.
    return evidence > 0.0 ? known / evidence : pKnown;
  }

  /** P(L') = P(L|obs)(1-F) + (1-P(L|obs))T. */
  public static double transition(double posterior, BktParameters p) {
    return posterior * (1.0 - p.forget()) + (1.0 - posterior) * p.learn();
  }

  /** The P(L) before the next attempt: {@link #posterior} then {@link #transition}. */
  public static double update(double pKnown, boolean correct, BktParameters p) {
    return transition(posterior(pKnown, correct, p), p);
  }
}
