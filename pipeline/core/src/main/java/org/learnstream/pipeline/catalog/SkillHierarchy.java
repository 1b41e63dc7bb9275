package org.learnstream.pipeline.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The ancestor closure of a framework: for every item, itself (depth 0) and every item above it through isChildOf,
 * each with its distance (the shortest, when an item has several parents). Kept as rows so that SQL rolls mastery up
 * the hierarchy with one join instead of a recursive query, which ClickHouse 18.16 does not have.
 */
public final class SkillHierarchy {

  /** {@code ancestor} is {@code depth} isChildOf steps above {@code item} (identifiers); depth 0 is the item. */
  public record Ancestry(String item, String ancestor, int depth) {
  }

  private final Map<String, FrameworkItem> items = new HashMap<>();
  private final Map<String, Map<String, Integer>> closures = new HashMap<>();
  private final BiFunction<String, String, RuntimeException> failure;

  private SkillHierarchy(List<FrameworkItem> items, BiFunction<String, String, RuntimeException> failure) {
    items.forEach(item -> this.items.put(item.identifier(), item));
    this.failure = failure;
  }

  /**
   * Every item's ancestry, items in the given order. A cycle of isChildOf is refused through {@code failure}
   * (item identifier, problem), as is a parent that is not among the items.
   */
  public static List<Ancestry> of(List<FrameworkItem> items, BiFunction<String, String, RuntimeException> failure) {
    SkillHierarchy hierarchy = new SkillHierarchy(items, failure);
    List<Ancestry> rows = new ArrayList<>();
    for (FrameworkItem item : items) {
      hierarchy.closure(item.identifier(), new ArrayList<>())
          .forEach((ancestor, depth) -> rows.add(new Ancestry(item.identifier(), ancestor, depth)));
    }
    return rows;
  }

  private Map<String, Integer> closure(String identifier, List<String> path) {
    Map<String, Integer> known = closures.get(identifier);
    if (known != null) {
      return known;
    }
    if (path.contains(identifier)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(identifier), path.size()));
      cycle.add(identifier);
      throw failure.apply(identifier, "isChildOf forms a cycle (" + String.join(" -> ", codes(cycle))
          + "); a framework is a hierarchy");
    }
    FrameworkItem item = items.get(identifier);
    if (item == null) {
      throw failure.apply(path.get(path.size() - 1), "its parent " + identifier + " is not an item of the framework");
    }
    path.add(identifier);
    Map<String, Integer> closure = new LinkedHashMap<>();
    closure.put(identifier, 0);
    for (String parent : item.parents()) {
      closure(parent, path).forEach((ancestor, depth) -> closure.merge(ancestor, depth + 1, Math::min));
    }
    path.remove(path.size() - 1);
    closures.put(identifier, closure);
    return closure;
  }

  private List<String> codes(List<String> identifiers) {
    return identifiers.stream().map(id -> {
      FrameworkItem item = items.get(id);
      return item == null || item.code().isEmpty() ? id : item.code() + " (" + id + ")";
    }).toList();
  }
}
