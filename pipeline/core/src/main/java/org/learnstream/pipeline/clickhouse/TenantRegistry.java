package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;

import java.util.List;

/**
 * The schools of an installation in ClickHouse table {@code tenants}: id, display name, and whether it was removed
 * (a removal is a newer row, so the registry keeps who existed when). Created by the first registration, like
 * {@code schema_migrations} by the migration runner.
 */
public final class TenantRegistry {

  public static final String TABLE = "tenants";

  /** A registered school. */
  public record Tenant(String id, String displayName) {
  }

  private final Client client;
  private final String table;

  public TenantRegistry(Client client, String database) {
    this.client = client;
    this.table = database + "." + TABLE;
    ClickHouseQueries.execute(client, "CREATE TABLE IF NOT EXISTS " + table + " (id String, display_name String, "
        + "removed UInt8, changed_at DateTime('UTC'), version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY id");
  }

  public void add(Tenant tenant) {
    write(SchoolDatabase.requireTenantId(tenant.id()), tenant.displayName(), 0);
  }

  public void remove(String id) {
    write(id, "", 1);
  }

  /** The schools registered and not removed, by id. */
  public List<Tenant> list() {
    return ClickHouseQueries.rows(client, "SELECT id, argMax(display_name, version) AS name FROM " + table
        + " GROUP BY id HAVING argMax(removed, version) = 0 ORDER BY id").stream()
        .map(row -> new Tenant((String) row.get("id"), (String) row.get("name"))).toList();
  }

  public boolean contains(String id) {
    return list().stream().anyMatch(t -> t.id().equals(id));
  }

  private void write(String id, String displayName, int removed) {
    long now = System.currentTimeMillis();
    ClickHouseQueries.execute(client, "INSERT INTO " + table + " (id, display_name, removed, changed_at, version) "
        + "VALUES (" + ClickHouseQueries.quote(id) + ", " + ClickHouseQueries.quote(displayName) + ", " + removed
        + ", " + now / 1000 + ", " + now + ")");
  }
}
