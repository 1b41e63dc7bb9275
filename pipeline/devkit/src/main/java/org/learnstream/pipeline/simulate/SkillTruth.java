package org.learnstream.pipeline.simulate;

import java.time.Instant;

/**
 * Hidden truth for one learner on one skill at the end of the simulation.
 *
 * @param learnedAtAttempt the answer after which the skill became known and stayed known: 0 = known
 *                         before the first answer, -1 = not known at the end
 * @param learnedAt        time of that answer; null when learnedAtAttempt is 0 or -1
 */
public record SkillTruth(String skillId, boolean knownAtStart, boolean knownAtEnd, int attempts, int learnedAtAttempt,
    Instant learnedAt) {
}
