package org.learnstream.pipeline.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a 1EdTech CASE 1.0/1.1 framework: a CFPackage ({@code {"CFPackage": {"CFDocument": ..., "CFItems": [...],
 * "CFAssociations": [...]}}}) or the same three members at the top level, as CASE servers export them. Items become
 * skills (identifier, uri, humanCodingScheme, fullStatement, CFItemType); {@code isChildOf} associations give the
 * hierarchy (an item that is a child of the CFDocument is top-level); other association types are not read. The whole
 * file is checked before anything is returned: errors name the JSON pointer of the offending value or the item.
 */
public final class CaseFrameworkReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHILD_OF = "isChildOf";

  private final String origin;

  private CaseFrameworkReader(String origin) {
    this.origin = origin;
  }

  /** The framework in {@code json}; {@code origin} (file or URL) names it in errors. */
  public static CaseFramework read(byte[] json, String origin) {
    return new CaseFrameworkReader(origin).read(json);
  }

  private CaseFramework read(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      throw fail(at == null ? "/" : "line " + at.getLineNr() + " column " + at.getColumnNr(),
          "not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw fail("/", "cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw fail("/", "must be a JSON object holding CFDocument, CFItems and CFAssociations (or a CFPackage)");
    }
    String base = "";
    if (root.has("CFPackage")) {
      root = root.get("CFPackage");
      base = "/CFPackage";
      if (!root.isObject()) {
        throw fail(base, "must be an object holding CFDocument, CFItems and CFAssociations");
      }
    }
    JsonNode document = root.get("CFDocument");
    if (document == null || !document.isObject()) {
      throw fail(base + "/CFDocument", "missing; a CASE package needs its CFDocument (identifier, title)");
    }
    String documentId = text(document, base + "/CFDocument", "identifier");
    String title = text(document, base + "/CFDocument", "title");
    String documentUri = optional(document, "uri");
    JsonNode items = root.get("CFItems");
    if (items == null || !items.isArray() || items.isEmpty()) {
      throw fail(base + "/CFItems", "must be a non-empty array of CFItem; the framework has no skills to import");
    }
    Map<String, ItemBuilder> byId = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String at = base + "/CFItems/" + i;
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw fail(at, "must be a CFItem object");
      }
      ItemBuilder built = new ItemBuilder(text(item, at, "identifier"), text(item, at, "uri"),
          optional(item, "humanCodingScheme"), text(item, at, "fullStatement"), optional(item, "CFItemType"), at);
      ItemBuilder before = byId.putIfAbsent(built.identifier, built);
      if (before != null) {
        throw fail(at + "/identifier", "identifier " + built.identifier + " is also the identifier of "
            + before.pointer + "; identifiers must be unique");
      }
      if (built.identifier.equals(documentId)) {
        throw fail(at + "/identifier", "identifier " + built.identifier + " is the CFDocument's own identifier");
      }
    }
    readParents(root.get("CFAssociations"), base + "/CFAssociations", byId, documentId);
    List<FrameworkItem> built = new ArrayList<>(byId.size());
    byId.values().forEach(b -> built.add(b.build()));
    CaseFramework framework = new CaseFramework(documentId, documentUri, title, built);
    SkillHierarchy.of(framework.items(), (item, problem) -> fail("CFItem " + item, problem));
    return framework;
  }

  private void readParents(JsonNode associations, String at, Map<String, ItemBuilder> items, String documentId) {
    if (associations == null || associations.isNull()) {
      return; // a flat framework: every item is top-level
    }
    if (!associations.isArray()) {
      throw fail(at, "must be an array of CFAssociation");
    }
    for (int i = 0; i < associations.size(); i++) {
      String here = at + "/" + i;
      JsonNode association = associations.get(i);
      if (!association.isObject()) {
        throw fail(here, "must be a CFAssociation object");
      }
      if (!CHILD_OF.equals(text(association, here, "associationType"))) {
        continue;
      }
      String child = nodeIdentifier(association, here, "originNodeURI");
      String parent = nodeIdentifier(association, here, "destinationNodeURI");
      ItemBuilder item = items.get(child);
      if (item == null) {
        throw fail(here + "/originNodeURI/identifier", "isChildOf from " + child + ", which is no CFItem of "
            + "this package");
      }
      if (parent.equals(documentId)) {
        continue; // a child of the document itself: top-level
      }
      if (!items.containsKey(parent)) {
        throw fail(here + "/destinationNodeURI/identifier", "isChildOf to " + parent + ", which is neither a "
            + "CFItem of this package nor its CFDocument");
      }
      if (!item.parents.contains(parent)) {
        item.parents.add(parent);
      }
    }
  }

  private String nodeIdentifier(JsonNode association, String at, String field) {
    JsonNode node = association.get(field);
    if (node == null || !node.isObject()) {
      throw fail(at + "/" + field, "missing; an isChildOf association needs " + field
          + " {identifier, uri, title}");
    }
    return text(node, at + "/" + field, "identifier");
  }

  private String text(JsonNode node, String at, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw fail(at + "/" + field, "missing; it is required");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw fail(at + "/" + field, "must be a non-empty string");
    }
    return value.asText().strip();
  }

  private static String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText().strip() : "";
  }

  private CaseFormatException fail(String place, String problem) {
    return new CaseFormatException(origin, place, problem);
  }

  /** An item while its parents are collected from the associations. */
  private static final class ItemBuilder {
    final String identifier;
    final String uri;
    final String code;
    final String name;
    final String type;
    final String pointer;
    final List<String> parents = new ArrayList<>();

    ItemBuilder(String identifier, String uri, String code, String name, String type, String pointer) {
      this.identifier = identifier;
      this.uri = uri;
      this.code = code;
      this.name = name;
      this.type = type;
      this.pointer = pointer;
    }

    FrameworkItem build() {
      return new FrameworkItem(identifier, uri, code, name, type, parents);
    }
  }
}
