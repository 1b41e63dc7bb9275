package org.learnstream.pipeline.catalog;

import java.util.List;

/**
 * One item (standard, cluster, domain...) of an imported skill framework, as a skill.
 *
 * @param identifier the CASE identifier (a UUID), unique in the framework
 * @param uri the item's CASE URI; the skill id that mastery uses when a rule or a statement names the item by it
 * @param code the human coding scheme, e.g. {@code CCSS.Math.Content.6.RP.A.1} ('' when the item has none)
 * @param name the full statement
 * @param type the CFItemType, e.g. Standard or Cluster ('' when none)
 * @param parents identifiers of the items this one is a child of (isChildOf); empty for a top-level item
 */
public record FrameworkItem(String identifier, String uri, String code, String name, String type,
    List<String> parents) {

  public FrameworkItem {
    parents = List.copyOf(parents);
  }
}
