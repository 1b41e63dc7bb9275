package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Canonical text of an Agent's or Group's inverse functional identifier, the input of the learner pseudonym. */
final class Identifiers {

  /** How the canonical text of an anonymous Group (no identifier of its own, only members) begins. */
  static final String ANONYMOUS_GROUP_PREFIX = "group:";

  private Identifiers() {
  }

  /**
   * {@code mbox:mailto:a@b.c}, {@code mbox_sha1sum:<lower hex>}, {@code openid:<iri>} or
   * {@code account:<homePage>|<name>}; for an anonymous Group {@code group:} followed by its members' identifiers,
   * sorted and comma-separated (the same members give the same pseudonym). Null when there is none.
   */
  static String canonicalIfi(JsonNode agent) {
    if (agent == null || !agent.isObject()) {
      return null;
    }
    JsonNode mbox = agent.get("mbox");
    if (mbox != null && mbox.isTextual()) {
      return "mbox:" + mbox.textValue();
    }
    JsonNode sha1 = agent.get("mbox_sha1sum");
    if (sha1 != null && sha1.isTextual()) {
      return "mbox_sha1sum:" + sha1.textValue().toLowerCase(Locale.ROOT);
    }
    JsonNode openid = agent.get("openid");
    if (openid != null && openid.isTextual()) {
      return "openid:" + openid.textValue();
    }
    JsonNode account = agent.get("account");
    if (account != null && account.isObject()) {
      return "account:" + account.path("homePage").asText() + "|" + account.path("name").asText();
    }
    JsonNode members = agent.get("member");
    if (members != null && members.isArray() && !members.isEmpty()) {
      List<String> ids = new ArrayList<>(members.size());
      for (JsonNode member : members) {
        String id = canonicalIfi(member);
        if (id != null) {
          ids.add(id);
        }
      }
      Collections.sort(ids);
      return ANONYMOUS_GROUP_PREFIX + String.join(",", ids);
    }
    return null;
  }
}
