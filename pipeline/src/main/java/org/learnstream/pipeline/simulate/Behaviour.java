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
    RAPID_GUESS,
    /**
     * On the onset day forgets every skill they know and cannot relearn them within the cohort; their practice goes
     * back to the forgotten skills (in curriculum order), where they now answer at the guess rate.
     */
    FORGET,
    /**
     * From the onset on, answers wrong nine times in ten whatever they know (they have lost the thread of the class),
     * taking the usual time to answer.
     */
    STRUGGLE
}
