package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** xAPI Agent, Group, Account and authority rules (Data 2.4.2, 2.4.9). */
final class AgentRules {

  private static final Set<String> AGENT_KEYS = Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid",
      "account");
  private static final Set<String> GROUP_KEYS = Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid",
      "account", "member");
  private static final Set<String> ACCOUNT_KEYS = Set.of("homePage", "name");
  private static final String[] IFIS = {"mbox", "mbox_sha1sum", "openid", "account"};

  private AgentRules() {
  }

  /** An actor-like value: Agent (objectType absent or "Agent") or Group. */
  static void agentOrGroup(Checks c, JsonNode node, JsonPath path) {
    if (!c.object(node, path, "an Agent or Group")) {
      return;
    }
    JsonNode type = node.get("objectType");
    if (type == null || (type.isTextual() && "Agent".equals(type.textValue()))) {
      agent(c, node, path);
    } else if (type.isTextual() && "Group".equals(type.textValue())) {
      group(c, node, path);
    } else {
      c.add(Checks.at(path, "objectType"), "objectType.agent-or-group",
          "must be \"Agent\" or \"Group\" (case-sensitive), got " + describe(type));
    }
  }

  /** An Agent (objectType may be absent or "Agent"). */
  static void agent(Checks c, JsonNode node, JsonPath path) {
    if (!c.object(node, path, "an Agent")) {
      return;
    }
    JsonNode type = node.get("objectType");
    if (type != null && !(type.isTextual() && "Agent".equals(type.textValue()))) {
      c.add(Checks.at(path, "objectType"), "objectType.agent", "must be \"Agent\" here, got " + describe(type));
      return;
    }
    c.knownProperties(node, path, AGENT_KEYS, "an Agent");
    c.string(node, "name", path, false);
    int ifis = identifiers(c, node, path);
    if (ifis != 1) {
      c.add(path, "ifi.exactly-one", "an Agent must have exactly one of mbox, mbox_sha1sum, openid, account; found "
          + ifis);
    }
  }

  /** A Group: anonymous (no identifier, member required) or identified (exactly one identifier). */
  static void group(Checks c, JsonNode node, JsonPath path) {
    if (!c.object(node, path, "a Group")) {
      return;
    }
    JsonNode type = node.get("objectType");
    if (type == null || !(type.isTextual() && "Group".equals(type.textValue()))) {
      c.add(Checks.at(path, "objectType"), "objectType.group", "a Group must have objectType \"Group\", got "
          + (type == null ? "none" : describe(type)));
      return;
    }
    c.knownProperties(node, path, GROUP_KEYS, "a Group");
    c.string(node, "name", path, false);
    int ifis = identifiers(c, node, path);
    if (ifis > 1) {
      c.add(path, "ifi.exactly-one", "an identified Group must have exactly one of mbox, mbox_sha1sum, openid, "
          + "account; found " + ifis);
    }
    JsonNode member = node.get("member");
    if (member == null) {
      if (ifis == 0) {
        c.add(Checks.at(path, "member"), "group.member-required",
            "an anonymous Group (no identifier) must list its members in \"member\"");
      }
      return;
    }
    JsonPath memberPath = Checks.at(path, "member");
    if (!member.isArray()) {
      c.add(memberPath, "group.member-array", "must be an array of Agents, got " + Checks.kind(member));
      return;
    }
    if (ifis == 0 && member.isEmpty()) {
      c.add(memberPath, "group.member-required", "an anonymous Group must have at least one member");
    }
    for (int i = 0; i < member.size(); i++) {
      agent(c, member.get(i), Checks.at(memberPath, i));
    }
  }

  /**
   * The authority: an Agent, or for three-legged OAuth an anonymous Group of exactly two Agents (the application
   * and the user).
   */
  static void authority(Checks c, JsonNode node, JsonPath path) {
    if (!c.object(node, path, "an Agent or Group")) {
      return;
    }
    JsonNode type = node.get("objectType");
    if (type != null && type.isTextual() && "Group".equals(type.textValue())) {
      int before = c.out.size();
      group(c, node, path);
      if (c.out.size() > before) {
        return;
      }
      JsonNode member = node.get("member");
      if (member == null || member.size() != 2 || countIdentifiers(node) != 0) {
        c.add(path, "authority.group", "a Group as authority must be anonymous with exactly two Agent members "
            + "(the OAuth consumer and the user)");
      }
      return;
    }
    agentOrGroup(c, node, path);
  }

  /** Validates each inverse functional identifier present and returns how many there are. */
  private static int identifiers(Checks c, JsonNode node, JsonPath path) {
    int count = 0;
    JsonNode mbox = node.get("mbox");
    if (mbox != null) {
      count++;
      String s = c.stringValue(mbox, Checks.at(path, "mbox"));
      if (s != null && !XapiSyntax.isMailto(s)) {
        c.add(Checks.at(path, "mbox"), "mbox.mailto", "must be a mailto: IRI with an email address, e.g. "
            + "mailto:learner@example.com, got \"" + Checks.abbreviate(s) + "\"");
      }
    }
    JsonNode sha1 = node.get("mbox_sha1sum");
    if (sha1 != null) {
      count++;
      String s = c.stringValue(sha1, Checks.at(path, "mbox_sha1sum"));
      if (s != null && !XapiSyntax.isSha1Hex(s)) {
        c.add(Checks.at(path, "mbox_sha1sum"), "mbox_sha1sum.hex",
            "must be the 40 hex digit SHA-1 of a mailto: IRI");
      }
    }
    if (node.has("openid")) {
      count++;
      c.iri(node, "openid", path, true, "openid");
    }
    JsonNode account = node.get("account");
    if (account != null) {
      count++;
      account(c, account, Checks.at(path, "account"));
    }
    return count;
  }

  private static int countIdentifiers(JsonNode node) {
    int count = 0;
    for (String key : IFIS) {
      if (node.has(key)) {
        count++;
      }
    }
    return count;
  }

  private static void account(Checks c, JsonNode account, JsonPath path) {
    if (!c.object(account, path, "an Account with homePage and name")) {
      return;
    }
    c.knownProperties(account, path, ACCOUNT_KEYS, "an Account");
    c.iri(account, "homePage", path, true, "account.homePage");
    c.string(account, "name", path, true);
  }

  static String describe(JsonNode v) {
    return v.isTextual() ? "\"" + Checks.abbreviate(v.textValue()) + "\"" : Checks.kind(v);
  }
}
