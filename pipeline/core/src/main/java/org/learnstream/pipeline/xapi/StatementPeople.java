package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The people a statement names besides its actor, by canonical identifier (as {@link SealingFacts#canonicalActor}
 * names the actor): an Agent or identified Group as its object, the members of a Group (actor or object), the
 * context's instructor, team, 2.0 context agents and groups, and the same inside a SubStatement. A statement about
 * another person is personal data of theirs too, so it is sealed under their learner records as well as under its
 * actor's, and any one of them being erased makes it unreadable. The {@code authority} is left out: the endpoint sets
 * it to the LMS credential's agent, which is not a learner. An anonymous Group is no person; its members are.
 */
public final class StatementPeople {

  private StatementPeople() {
  }

  /** The identifiers of the statement's other people, in the order they first occur; empty when there are none. */
  public static List<String> others(JsonNode statement) {
    Set<String> people = new LinkedHashSet<>();
    JsonNode actor = statement.get("actor");
    membersOf(actor, people);
    statementPeople(statement, people);
    people.remove(Identifiers.canonicalIfi(actor));
    return people.isEmpty() ? List.of() : List.copyOf(people);
  }

  // the object and context of a statement or SubStatement
  private static void statementPeople(JsonNode statement, Set<String> people) {
    JsonNode object = statement.get("object");
    String type = object == null ? "Activity" : object.path("objectType").asText("Activity");
    switch (type) {
      case "Agent", "Group" -> person(object, people);
      case "SubStatement" -> {
        person(object.get("actor"), people);
        statementPeople(object, people);
      }
      default -> {
      }
    }
    JsonNode context = statement.get("context");
    if (context == null || !context.isObject()) {
      return;
    }
    person(context.get("instructor"), people);
    person(context.get("team"), people);
    for (JsonNode agent : context.path("contextAgents")) {
      person(agent.get("agent"), people);
    }
    for (JsonNode group : context.path("contextGroups")) {
      person(group.get("group"), people);
    }
  }

  private static void person(JsonNode agent, Set<String> people) {
    String id = Identifiers.canonicalIfi(agent);
    if (id != null && !id.startsWith(Identifiers.ANONYMOUS_GROUP_PREFIX)) {
      people.add(id);
    }
    membersOf(agent, people);
  }

  private static void membersOf(JsonNode agent, Set<String> people) {
    if (agent == null || !agent.isObject()) {
      return;
    }
    for (JsonNode member : agent.path("member")) {
      person(member, people);
    }
  }
}
