/**
 * Simulated learners for the demo, tests, alert evaluation and benchmarks.
 *
 * <p>Each learner has a hidden state per skill (known or not) that produces answers through BKT's
 * generative model: known at start with P(L0); a known skill is answered correctly with 1 - P(S), an
 * unknown one with P(G); after each answer an unknown skill becomes known with P(T) and a known one is
 * forgotten with P(F). Learners practise on school days in sessions within school hours; the class
 * introduces the skills one after another across the cohort's school days, and a learner moves on from
 * the current skill after 3 correct in a row (or 12 attempts), with some review of earlier skills.
 *
 * <p>At-risk behaviours ({@link org.learnstream.pipeline.simulate.Behaviour}) are injected into an exact
 * share of learners. {@link org.learnstream.pipeline.simulate.CohortSimulator#truth()} reports the
 * hidden state and the behaviours, so estimates and alerts can be scored against them.
 */
package org.learnstream.pipeline.simulate;
