package org.learnstream.pipeline.warning.spi;

/** What the mastery-decline rule sees of one mastery update: P(L) of a skill after a response. */
public record MasteryPoint(String statementId, long time, String skill, double pKnown, String course, String section) {
}
