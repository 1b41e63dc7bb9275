package org.learnstream.pipeline.simulate;

/** At-risk behaviours that can be injected into simulated learners. */
public enum Behaviour {
    /** Practises normally. */
    NONE,
    /** Stops all activity from the onset day on. */
    DISENGAGE,
    /** Cannot learn one skill (learn rate 0) and keeps failing it: never 3 correct in a row (Beck and Gong 2013). */
    WHEEL_SPIN,
    /** From the onset on, most answers take 1-3 s and are correct only at the skill's guess rate. */
    RAPID_GUESS
}
