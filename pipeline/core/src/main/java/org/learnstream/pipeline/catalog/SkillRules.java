package org.learnstream.pipeline.catalog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mapping rules a data team maintains: which skills a response is evidence for, decided from where it was answered
 * rather than entry by entry. Built from the parsed YAML/JSON tree, e.g.
 * <pre>
 * version: "2026-12"
 * rules:
 *   - activity: "https://moodle.example/question/question.php?cmid=7&amp;*"   # every question of quiz 7
 *     skills: [fractions.equivalence]
 *   - context: {parent: "https://moodle.example/mod/quiz/view.php?id=8"}
 *     skills: [fractions.adding, fractions.equivalence]
 *   - activityType: "http://adlnet.gov/expapi/activities/cmi.interaction"
 *     context: {grouping: "https://openedx.example/course/course-v1:DemoX+*"}
 *     skills: [demo.problems]
 * </pre>
 * A pattern without {@code *} must equal the id; {@code *} stands for any run of characters, so {@code prefix*}
 * matches every id starting with the prefix. Every condition of a rule must hold; the first rule that matches wins.
 */
public final class SkillRules implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Set<String> RULE_KEYS = Set.of("activity", "activityType", "context", "idNumber", "skills",
      "skillsFrom");
  private static final Set<String> CONTEXT_KINDS = Set.of("parent", "grouping", "category", "other");
  private static final List<String> SOURCES = List.of("parent", "grouping", "category", "other",
      RuleSubject.ID_NUMBER);

  private final String version;
  private final List<Rule> rules;

  private SkillRules(String version, List<Rule> rules) {
    this.version = version;
    this.rules = List.copyOf(rules);
  }

  /** No rules: every response falls through to the activity itself. */
  public static SkillRules none() {
    return new SkillRules("", List.of());
  }

  public String version() {
    return version;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** How many rules there are. */
  public int size() {
    return rules.size();
  }

  /**
   * True when some rule looks at context activities or ID numbers, which then have to be read from the statement.
   */
  public boolean readsContext() {
    return rules.stream().anyMatch(rule -> !rule.context().isEmpty());
  }

  /** The skills of the first rule the response matches, or an empty list when none does. */
  public List<String> skillsFor(RuleSubject subject) {
    for (Rule rule : rules) {
      if (rule.matches(subject)) {
        return rule.skillsOf(subject);
      }
    }
    return List.of();
  }

  /** Validates the tree; errors name the origin (the file), the rule's index and the field. */
  public static SkillRules fromTree(Map<String, Object> tree, String origin) {
    String where = "skill rules " + origin;
    if (tree == null) {
      throw new IllegalArgumentException(where + ": the file is empty; it needs version and rules");
    }
    for (String key : tree.keySet()) {
      if (!key.equals("version") && !key.equals("rules")) {
        throw new IllegalArgumentException(where + ": unknown top-level key '" + key
            + "'; use version and rules");
      }
    }
    Object version = tree.get("version");
    if (version == null || version.toString().isBlank()) {
      throw new IllegalArgumentException(where + ": version must be set, e.g. \"2026-12\"");
    }
    if (!(tree.get("rules") instanceof List<?> listed)) {
      throw new IllegalArgumentException(where + ": rules must be a list of rules");
    }
    List<Rule> rules = new ArrayList<>(listed.size());
    for (int i = 0; i < listed.size(); i++) {
      rules.add(rule(listed.get(i), where + ": rules[" + i + "]"));
    }
    return new SkillRules(version.toString(), rules);
  }

  private static Rule rule(Object tree, String where) {
    Map<?, ?> map = mapping(tree, where,
        "a mapping with skills (or skillsFrom) and at least one of activity, activityType, context, idNumber");
    for (Object key : map.keySet()) {
      if (!RULE_KEYS.contains(String.valueOf(key))) {
        throw new IllegalArgumentException(where + ": unknown field '" + key
            + "'; use activity, activityType, context, idNumber, skills, skillsFrom");
      }
    }
    IdPattern activity = pattern(map.get("activity"), where + ".activity");
    IdPattern activityType = pattern(map.get("activityType"), where + ".activityType");
    Map<String, IdPattern> context = new LinkedHashMap<>();
    if (map.get("context") != null) {
      Map<?, ?> kinds = mapping(map.get("context"), where + ".context",
          "a mapping of parent, grouping, category or other to an id pattern");
      for (Map.Entry<?, ?> kind : kinds.entrySet()) {
        String name = String.valueOf(kind.getKey());
        if (!CONTEXT_KINDS.contains(name)) {
          throw new IllegalArgumentException(where + ".context: unknown kind '" + name
              + "'; use parent, grouping, category or other");
        }
        context.put(name, pattern(kind.getValue(), where + ".context." + name));
      }
    }
    IdPattern idNumber = pattern(map.get(RuleSubject.ID_NUMBER), where + "." + RuleSubject.ID_NUMBER);
    if (idNumber != null) {
      context.put(RuleSubject.ID_NUMBER, idNumber);
    }
    if (activity == null && activityType == null && context.isEmpty()) {
      throw new IllegalArgumentException(where + ": give at least one of activity, activityType, context, idNumber");
    }
    if (map.containsKey("skillsFrom")) {
      return new Rule(activity, activityType, context, List.of(), skillsFrom(map, context, where));
    }
    return new Rule(activity, activityType, context, skills(map.get("skills"), where + ".skills"), null);
  }

  /** The source of a rule's skills when they are the ids it matched, e.g. the framework item in a category. */
  private static String skillsFrom(Map<?, ?> rule, Map<String, IdPattern> conditions, String where) {
    if (rule.containsKey("skills")) {
      throw new IllegalArgumentException(where + ": give skills or skillsFrom, not both");
    }
    Object source = rule.get("skillsFrom");
    if (!SOURCES.contains(String.valueOf(source))) {
      throw new IllegalArgumentException(where + ".skillsFrom must be one of " + String.join(", ", SOURCES)
          + ", not '" + source + "'");
    }
    if (!conditions.containsKey(source)) {
      String condition = RuleSubject.ID_NUMBER.equals(source) ? "idNumber" : "context." + source;
      throw new IllegalArgumentException(where + ".skillsFrom " + source + " needs the condition " + condition
          + ": its pattern picks the ids that become skills");
    }
    return (String) source;
  }

  private static Map<?, ?> mapping(Object tree, String where, String expected) {
    if (!(tree instanceof Map<?, ?> map) || map.isEmpty()) {
      throw new IllegalArgumentException(where + " must be " + expected);
    }
    return map;
  }

  private static IdPattern pattern(Object value, String where) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank() || text.chars().allMatch(c -> c == '*')) {
      throw new IllegalArgumentException(where
          + " must be an id or a pattern with * (e.g. https://lms.example/quiz/7/*), not '" + value + "'");
    }
    return IdPattern.of(text);
  }

  private static List<String> skills(Object value, String where) {
    if (!(value instanceof List<?> listed) || listed.isEmpty()) {
      throw new IllegalArgumentException(where + " must be a non-empty list of skill ids");
    }
    List<String> skills = new ArrayList<>(listed.size());
    for (int i = 0; i < listed.size(); i++) {
      Object skill = listed.get(i);
      if (!(skill instanceof String id) || id.isBlank()) {
        throw new IllegalArgumentException(where + "[" + i + "] must be a skill id, not '" + skill + "'");
      }
      if (!skills.contains(id)) {
        skills.add(id);
      }
    }
    return List.copyOf(skills);
  }

  /** {@code skillsFrom} null: the rule's own {@code skills}; else the ids of that kind its pattern matched. */
  private record Rule(IdPattern activity, IdPattern activityType, Map<String, IdPattern> context,
      List<String> skills, String skillsFrom) implements Serializable {

    List<String> skillsOf(RuleSubject subject) {
      if (skillsFrom == null) {
        return skills;
      }
      IdPattern pattern = context.get(skillsFrom);
      return subject.context(skillsFrom).stream().filter(pattern::matches).distinct().toList();
    }

    boolean matches(RuleSubject subject) {
      if (activity != null && !activity.matches(subject.activityId())) {
        return false;
      }
      if (activityType != null && !activityType.matches(subject.activityType())) {
        return false;
      }
      for (Map.Entry<String, IdPattern> kind : context.entrySet()) {
        if (subject.context(kind.getKey()).stream().noneMatch(kind.getValue()::matches)) {
          return false;
        }
      }
      return true;
    }
  }
}
