package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The Kafka key of a statement: {@code tenant|canonical actor IFI}, so every statement of one learner
 * lands on one partition in order.
 */
public final class ActorKey {

  private ActorKey() {
  }

  public static String of(String tenant, JsonNode actor) {
    return tenant + "|" + identifier(actor);
  }

  /**
   * The actor's inverse functional identifier in one canonical spelling: {@code mbox:mailto:x@y}
   * (lower case), {@code mbox_sha1sum:hex}, {@code openid:url}, {@code account:homePage#name}; an
   * anonymous group is keyed by a digest of its members' identifiers.
   */
  public static String identifier(JsonNode actor) {
    if (actor == null || !actor.isObject()) {
      return "unknown";
    }
    if (actor.hasNonNull("mbox")) {
      return "mbox:" + actor.get("mbox").asText().trim().toLowerCase(Locale.ROOT);
    }
    if (actor.hasNonNull("mbox_sha1sum")) {
      return "mbox_sha1sum:" + actor.get("mbox_sha1sum").asText().trim().toLowerCase(Locale.ROOT);
    }
    if (actor.hasNonNull("openid")) {
      return "openid:" + actor.get("openid").asText().trim();
    }
    JsonNode account = actor.get("account");
    if (account != null && account.isObject()) {
      return "account:" + account.path("homePage").asText() + "#" + account.path("name").asText();
    }
    JsonNode members = actor.get("member");
    if (members != null && members.isArray()) {
      List<String> ids = new ArrayList<>();
      members.forEach(m -> ids.add(identifier(m)));
      ids.sort(null);
      return "group:" + sha256(String.join("\n", ids)).substring(0, 32);
    }
    return "unknown";
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
