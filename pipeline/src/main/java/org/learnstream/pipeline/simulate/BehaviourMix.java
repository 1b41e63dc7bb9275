package org.learnstream.pipeline.simulate;

/**
 * Share of learners given each at-risk behaviour (a learner gets at most one). Counts are
 * {@code Math.round(share * learners)}, so a cohort holds exactly the configured share.
 */
public record BehaviourMix(double disengage, double wheelSpin, double rapidGuess) {

    public BehaviourMix {
        share("disengage", disengage);
        share("wheelSpin", wheelSpin);
        share("rapidGuess", rapidGuess);
        if (disengage + wheelSpin + rapidGuess > 1 + 1e-9) {
            throw new IllegalArgumentException("BehaviourMix shares must add up to at most 1 (was "
                    + (disengage + wheelSpin + rapidGuess) + ")");
        }
    }

    public static BehaviourMix none() {
        return new BehaviourMix(0, 0, 0);
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
