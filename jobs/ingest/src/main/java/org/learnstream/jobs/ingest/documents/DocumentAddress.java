package org.learnstream.jobs.ingest.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a set of documents lives: one tenant, one resource and one scope (for State: activity, agent and
 * registration; for Activity Profile: the activity; for Agent Profile: the agent).
 *
 * @param agent the agent's canonical identifier, or null
 * @param registration a lower-case UUID, or null
 */
public record DocumentAddress(String tenant, DocumentResource resource, String activityId, String agent,
    String registration) {

  /** One hash of the whole scope: the rows of a scope are found by it, whatever the length of its parts. */
  public String scopeSha256() {
    return sha256(resource.name() + "\n" + nullToEmpty(activityId) + "\n" + nullToEmpty(agent) + "\n"
        + nullToEmpty(registration));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
