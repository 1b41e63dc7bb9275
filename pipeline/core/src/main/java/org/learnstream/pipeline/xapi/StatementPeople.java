package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The people a statement names besides its actor, by canonical identifier (as {@link SealingFacts#canonicalActor}
 * names the actor): an Agent or identified Group as its object, the members of a Group (actor or object), the
 * context's instructor, team, 2.0 context agents and groups, and the same inside a SubStatement. A statement about
 * another person is personal data of theirs too, so it is sealed under their learner records as well as under its
 * actor's, and any one of them being erased makes it unreadable, and an export of theirs lists it with the roles
 * they have in it. The {@code authority} is left out: the endpoint sets it to the LMS credential's agent, which is not
 * a learner. An anonymous Group is no person; its members are.
 */
public final class StatementPeople {

  /** Called with each person the statement names besides its actor: their role in it and their identifier. */
  @FunctionalInterface
  private interface Visit {
    void person(String role, String canonicalIfi);
  }

  private StatementPeople() {
  }

  /** The identifiers of the statement's other people, in the order they first occur; empty when there are none. */
  public static List<String> others(JsonNode statement) {
    Set<String> people = new LinkedHashSet<>();
    walk(statement, (role, id) -> people.add(id));
    people.remove(Identifiers.canonicalIfi(statement.get("actor")));
    return people.isEmpty() ? List.of() : List.copyOf(people);
  }

  /**
   * The roles in which the statement names one of {@code canonicalIfis} besides as its actor ({@code object},
   * {@code instructor}, {@code team member}, {@code context agent}, {@code substatement actor}, ...), in the order
   * they occur; empty when it does not.
   */
  public static List<String> rolesOf(JsonNode statement, Collection<String> canonicalIfis) {
    Set<String> roles = new LinkedHashSet<>();
    walk(statement, (role, id) -> {
      if (canonicalIfis.contains(id)) {
        roles.add(role);
      }
    });
    return List.copyOf(roles);
  }

  private static void walk(JsonNode statement, Visit visit) {
    membersOf(statement.get("actor"), "actor member", visit);
    objectAndContext(statement, "", visit);
  }

  // the object and context of a statement, or of a SubStatement (roles then prefixed "substatement ")
  private static void objectAndContext(JsonNode statement, String prefix, Visit visit) {
    JsonNode object = statement.get("object");
    String type = object == null ? "Activity" : object.path("objectType").asText("Activity");
    switch (type) {
      case "Agent", "Group" -> person(object, prefix + "object", visit);
      case "SubStatement" -> {
        person(object.get("actor"), "substatement actor", visit);
        objectAndContext(object, "substatement ", visit);
      }
      default -> {
      }
    }
    JsonNode context = statement.get("context");
    if (context == null || !context.isObject()) {
      return;
    }
    person(context.get("instructor"), prefix + "instructor", visit);
    person(context.get("team"), prefix + "team", visit);
    for (JsonNode agent : context.path("contextAgents")) {
      person(agent.get("agent"), prefix + "context agent", visit);
    }
    for (JsonNode group : context.path("contextGroups")) {
      person(group.get("group"), prefix + "context group", visit);
    }
  }

  private static void person(JsonNode agent, String role, Visit visit) {
    String id = Identifiers.canonicalIfi(agent);
    if (id != null && !id.startsWith(Identifiers.ANONYMOUS_GROUP_PREFIX)) {
      visit.person(role, id);
    }
    membersOf(agent, role + " member", visit);
  }

  private static void membersOf(JsonNode agent, String role, Visit visit) {
    if (agent == null || !agent.isObject()) {
      return;
    }
    for (JsonNode member : agent.path("member")) {
      person(member, role, visit);
    }
  }
}
