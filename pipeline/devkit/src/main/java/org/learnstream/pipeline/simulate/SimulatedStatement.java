package org.learnstream.pipeline.simulate;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated xAPI statement with the hidden truth behind it.
 *
 * @param actorKey       Kafka key: {@code tenant|mbox:mailto:...}
 * @param json           compact xAPI 1.0.3 statement JSON (UTF-8)
 * @param skillId        the skill the statement is about
 * @param correct        result.success; false for statements without a result
 * @param verb           which kind of statement this is
 * @param knownBefore    hidden truth: whether the learner knew the skill when answering
 * @param shaped         the answer's correctness came from an injected behaviour (a rapid guess, a
 *                       wheel-spinner's blocked streak, a struggling learner's answer) rather than from BKT's model
 * @param attempt        1-based number of this answer among the learner's answers on the skill; 0 if not an answer
 * @param durationMillis result.duration in milliseconds; 0 if not an answer
 */
public record SimulatedStatement(String tenant, String actorKey, byte[] json, Instant timestamp, String statementId,
    String learnerEmail, String skillId, boolean correct, Verb verb, boolean knownBefore,
    boolean shaped, int attempt, long durationMillis) {

  /** The verbs the simulator emits. */
  public enum Verb {
    ANSWERED("http://adlnet.gov/expapi/verbs/answered", "answered"), EXPERIENCED(
        "http://adlnet.gov/expapi/verbs/experienced",
        "experienced"), COMPLETED("http://adlnet.gov/expapi/verbs/completed", "completed");

    private final String iri;
    private final String display;

    Verb(String iri, String display) {
      this.iri = iri;
      this.display = display;
    }

    public String iri() {
      return iri;
    }

    public String display() {
      return display;
    }
  }

  /** True for answers, which carry a result and are evidence for mastery. */
  public boolean isAnswer() {
    return verb == Verb.ANSWERED;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimulatedStatement s && statementId.equals(s.statementId) && Arrays.equals(json, s.json)
        && tenant.equals(s.tenant) && actorKey.equals(s.actorKey) && timestamp.equals(s.timestamp)
        && learnerEmail.equals(s.learnerEmail) && skillId.equals(s.skillId) && correct == s.correct
        && verb == s.verb && knownBefore == s.knownBefore && shaped == s.shaped && attempt == s.attempt
        && durationMillis == s.durationMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(statementId, Arrays.hashCode(json));
  }

  @Override
  public String toString() {
    return "SimulatedStatement[" + statementId + " " + verb + " " + learnerEmail + " " + skillId + " at " + timestamp
        + (isAnswer() ? " correct=" + correct + " knownBefore=" + knownBefore : "") + "]";
  }
}
