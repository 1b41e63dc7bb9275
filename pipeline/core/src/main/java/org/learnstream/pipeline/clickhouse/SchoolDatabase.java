package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A school's own database: for every table of the shared database that dashboards and the cookbook read, a table
 * of the same structure holding only that school's rows, kept filled by materialized views on the shared tables.
 * A school's ClickHouse user is allowed this database alone.
 *
 * <p>
 * Why copies and not views: ClickHouse 18.16 ignores row filters in users.xml and refuses a view over a database
 * the user is not allowed, so neither keeps a school to its rows there (see the data-model README). A materialized
 * view on a table that another materialized view fills receives nothing on 18.16, so a table that the shared
 * database fills by a view is fed here by that view's own query with the school's filter added, reading the same
 * source.
 */
public final class SchoolDatabase {

  /**
   * Tables no school reads: identifying data, bookkeeping of the installation, and the xAPI endpoint's own read
   * tables (statement text, served to the school's LMS credentials by the endpoint, not to its dashboards).
   */
  public static final Set<String> WITHHELD = Set.of("learner_directory", SchemaMigrations.TABLE,
      SchemaMigrations.STEPS_TABLE, "tenants",
      "audit_log", ErasureReceipts.TABLE, ErasedStatements.TABLE, RetentionRuns.TABLE, "statement_ids",
      "statement_refs", "statement_keys",
      "statement_timeline", "statement_agents", "statement_first");
  /** Tables without a tenant column that every school reads whole: the district's content catalog and skill frameworks. */
  public static final Set<String> DISTRICT_WIDE = Set.of("skill_catalog", "framework_imports", "framework_skills",
      "skill_ancestors");
  /**
   * Tables without a tenant column whose rows belong to a school through another table (%1$s the shared database,
   * %2$s the quoted tenant). A delivery whose alert has not reached the shared alerts table when the delivery is
   * inserted is missing from the school's copy.
   */
  static final Map<String, String> OWNED_THROUGH = Map.of("alert_deliveries",
      "alert_id IN (SELECT alert_id FROM %1$s.alerts WHERE tenant = %2$s)");

  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final int MAX_TENANT_ID_LENGTH = 48;

  /** Where the statements run: a server through its client, or, in tests, another engine. */
  public interface Sql {
    void execute(String statement);

    /** Rows of a query without a FORMAT clause, as column -> value. */
    List<Map<String, Object>> rows(String query);

    /** Statements on {@code client}; reads are tried again when the connection fails ({@link RetriedReads}). */
    static Sql of(Client client) {
      return RetriedReads.of(once(client));
    }

    /** Statements on {@code client}, each sent once. */
    static Sql once(Client client) {
      return new Sql() {
        @Override
        public void execute(String statement) {
          ClickHouseQueries.execute(client, statement);
        }

        @Override
        public List<Map<String, Object>> rows(String query) {
          return ClickHouseQueries.rows(client, query);
        }
      };
    }
  }

  private final Sql sql;
  private final String shared;
  private final String tenant;

  public SchoolDatabase(Client client, String sharedDatabase, String tenant) {
    this(Sql.of(client), sharedDatabase, tenant);
  }

  public SchoolDatabase(Sql sql, String sharedDatabase, String tenant) {
    this.sql = sql;
    this.shared = sharedDatabase;
    this.tenant = requireTenantId(tenant);
  }

  /** Refuses a tenant id that could not name a database and a user: lower-case letters, digits, inner dashes. */
  public static String requireTenantId(String tenant) {
    if (tenant == null || tenant.length() > MAX_TENANT_ID_LENGTH || !TENANT_ID.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant id: must be 1 to " + MAX_TENANT_ID_LENGTH
          + " lower-case letters, digits and single inner dashes (e.g. school-north), got '" + tenant + "'");
    }
    return tenant;
  }

  /** The school's database, {@code tenant_} and the id with dashes as underscores (ids have no underscore). */
  public static String databaseOf(String tenant) {
    return "tenant_" + requireTenantId(tenant).replace('-', '_');
  }

  public String database() {
    return databaseOf(tenant);
  }

  /**
   * Creates the school's database, its tables, their feeds, and copies the school's rows already in the shared
   * tables. Run it before the school's first statement: a row that arrives between a feed's creation and the copy
   * is counted twice in an aggregate table (a replacing table keeps it once).
   */
  public void create() {
    sql.execute("CREATE DATABASE IF NOT EXISTS " + database());
    Map<String, List<String>> feedsByTarget = sharedViewQueriesByTarget();
    for (String table : readableTables()) {
      sql.execute(
          "CREATE TABLE IF NOT EXISTS " + database() + "." + table + " AS " + shared + "." + table);
      List<String> feeds = feedsByTarget.getOrDefault(table, List.of("SELECT * FROM " + shared + "." + table));
      for (int i = 0; i < feeds.size(); i++) {
        sql.execute("CREATE MATERIALIZED VIEW IF NOT EXISTS " + database() + "." + table
            + "_feed" + (i + 1) + " TO " + database() + "." + table + " AS " + ownRowsOf(feeds.get(i), table));
      }
      sql.execute("INSERT INTO " + database() + "." + table + " "
          + ownRowsOf("SELECT * FROM " + shared + "." + table, table));
    }
  }

  /** Drops the school's database with its copies and feeds; the shared tables keep the school's rows. */
  public void drop() {
    sql.execute("DROP DATABASE IF EXISTS " + database());
  }

  /** Shared tables a school may read, in name order: not withheld, and with an owning school or district-wide. */
  List<String> readableTables() {
    String inShared = " WHERE database = " + ClickHouseQueries.quote(shared);
    Set<String> withTenant = new java.util.HashSet<>();
    for (Map<String, Object> row : sql.rows(
        "SELECT table FROM system.columns" + inShared + " AND name = 'tenant'")) {
      withTenant.add((String) row.get("table"));
    }
    List<String> tables = new ArrayList<>();
    for (Map<String, Object> row : sql.rows("SELECT name FROM system.tables" + inShared
        + " AND engine NOT IN ('View', 'MaterializedView') AND NOT startsWith(name, '.') ORDER BY name")) {
      String name = (String) row.get("name");
      boolean scoped = withTenant.contains(name) || OWNED_THROUGH.containsKey(name) || DISTRICT_WIDE.contains(name);
      if (!WITHHELD.contains(name) && scoped) {
        tables.add(name);
      }
    }
    return tables;
  }

  /** The query of each materialized view of the shared database, by the table it fills. */
  private Map<String, List<String>> sharedViewQueriesByTarget() {
    return ViewQueries.byTarget(sql, shared);
  }

  /**
   * The query restricted to this school's rows: the school's condition joins its WHERE clause (or becomes it). A
   * district-wide table is taken whole. A query with a join or a subquery is refused: 18.16 applies a subquery's
   * filter in a materialized view to nothing, so a filter there would let other schools' rows through.
   */
  String ownRowsOf(String query, String table) {
    if (DISTRICT_WIDE.contains(table)) {
      ViewQueries.requireNoJoinOrSubquery(query);
      return query;
    }
    return ViewQueries.withCondition(query, OWNED_THROUGH.getOrDefault(table, "tenant = %2$s").formatted(shared,
        ClickHouseQueries.quote(tenant)));
  }
}
