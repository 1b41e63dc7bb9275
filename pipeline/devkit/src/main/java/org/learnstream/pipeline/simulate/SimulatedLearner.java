package org.learnstream.pipeline.simulate;

/**
 * Who a simulated learner is, as a learner directory would list them (no hidden truth).
 *
 * @param actorKey Kafka key of their statements: {@code tenant|mbox:mailto:...}
 * @param section  IRI of their class section
 */
public record SimulatedLearner(int index, String email, String displayName, String actorKey, String section,
    String registration) {
}
