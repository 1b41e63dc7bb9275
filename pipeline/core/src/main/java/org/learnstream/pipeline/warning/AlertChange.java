package org.learnstream.pipeline.warning;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.Tier;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * An alert being raised (version 1, tier caution), escalated to tier act (version 2) or resolved (version 3). The id is a hash of tenant, learner, rule, skill and
 * episode (the event time the episode was raised), so a replay of the same events produces the same ids.
 *
 * @param evidence       JSON object with the values that fired the rule
 * @param evidenceEvents statement ids of the events that fired it
 * @param resolvedAt     event time the condition cleared; null while raised
 * @param escalatedAt    event time the alert was escalated to {@link Tier#ACT}; null while caution
 */
public record AlertChange(String alertId, String tenant, String learner, String course, String section, String skill,
    WarningRule<?, ?> rule, Severity severity, Tier tier, boolean resolved, long episode, String evidence,
    List<String> evidenceEvents, long raisedAt, Long resolvedAt, Long escalatedAt, long version) {

  public AlertChange {
    evidenceEvents = List.copyOf(evidenceEvents);
  }

  public static String alertId(String tenant, String learner, WarningRule<?, ?> rule, String skill, long episode) {
    String text = tenant + '\u0000' + learner + '\u0000' + rule.id() + '\u0000' + (skill == null ? "" : skill)
        + '\u0000' + episode;
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  /** The time of this change: raisedAt, escalatedAt for an escalation, or resolvedAt for a resolution. */
  public long at() {
    return resolved ? resolvedAt : escalation() ? escalatedAt : raisedAt;
  }

  /** Whether this change is the escalation of an open alert to {@link Tier#ACT}. */
  public boolean escalation() {
    return !resolved && version == ESCALATED;
  }

  public static final long RAISED = 1;
  public static final long ESCALATED = 2;
  public static final long RESOLVED = 3;
}
