package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.catalog.CaseFramework;
import org.learnstream.pipeline.catalog.FrameworkItem;
import org.learnstream.pipeline.catalog.SkillHierarchy;

/**
 * Skill frameworks in ClickHouse ({@code framework_skills}, {@code skill_ancestors}, {@code framework_imports}, see
 * migration V074): each import of a framework is a new version next to the earlier ones. The import row is written
 * last, and readers take the newest version it records, so a failed import leaves the catalog they read unchanged.
 */
public final class FrameworkCatalog {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** What an import wrote. */
  public record Imported(String framework, int version, int items, int ancestries) {
  }

  private final Client client;
  private final String database;

  public FrameworkCatalog(Client client, String database) {
    this.client = client;
    this.database = database;
  }

  /** Writes {@code framework} as its next version; {@code source} (file or URL) is recorded with it. */
  public Imported load(CaseFramework framework, String source, Instant at) {
    int version = latestVersion(framework.identifier()) + 1;
    List<String> inserts = inserts(database, framework, version, source, at);
    inserts.forEach(sql -> ClickHouseQueries.execute(client, sql));
    int ancestries = SkillHierarchy.of(framework.items(), FrameworkCatalog::invalid).size();
    return new Imported(framework.identifier(), version, framework.items().size(), ancestries);
  }

  /**
   * The INSERTs that write {@code framework} as {@code version}, the import row last (readers take the newest version
   * it records, so a failure before it leaves what they read unchanged).
   */
  public static List<String> inserts(String database, CaseFramework framework, int version, String source,
      Instant at) {
    Map<String, FrameworkItem> byId = new HashMap<>();
    framework.items().forEach(item -> byId.put(item.identifier(), item));
    List<SkillHierarchy.Ancestry> closure = SkillHierarchy.of(framework.items(), FrameworkCatalog::invalid);
    return List.of(
        insert(database, "framework_skills", framework.items().stream().map(item -> row(
            "framework", framework.identifier(), "version", version, "skill", item.uri(), "identifier",
            item.identifier(), "code", item.code(), "name", item.name(), "item_type", item.type(),
            "parents", item.parents().stream().map(parent -> byId.get(parent).uri()).toList())).toList()),
        insert(database, "skill_ancestors", closure.stream().map(a -> row(
            "framework", framework.identifier(), "version", version, "skill", byId.get(a.item()).uri(),
            "skill_identifier", a.item(), "skill_code", byId.get(a.item()).code(), "ancestor",
            byId.get(a.ancestor()).uri(), "depth", a.depth())).toList()),
        insert(database, "framework_imports", List.of(row("framework", framework.identifier(), "version", version,
            "title", framework.title(), "uri", framework.uri(), "source", source, "items", framework.items().size(),
            "imported_at", DATE_TIME.format(at)))));
  }

  /** The newest imported version of a framework, 0 when it was never imported. */
  public int latestVersion(String framework) {
    return (int) ClickHouseQueries.scalarLong(client, "SELECT max(version) FROM " + database
        + ".framework_imports WHERE framework = " + ClickHouseQueries.quote(framework));
  }

  private static String insert(String database, String table, List<Map<String, Object>> rows) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(database).append('.').append(table)
        .append(" FORMAT JSONEachRow\n");
    try {
      for (Map<String, Object> row : rows) {
        sql.append(JSON.writeValueAsString(row)).append('\n');
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a row of " + table, e);
    }
    return sql.toString();
  }

  private static RuntimeException invalid(String item, String problem) {
    return new IllegalArgumentException("CFItem " + item + ": " + problem);
  }

  private static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return row;
  }
}
