package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.util.List;

/**
 * The administrative actions on the schools of an installation, each recorded in the audit trail: registering a
 * school (registry row, its database, new credentials), listing them, removing one. The {@code tenants} verb and the
 * endpoint's admin routes both act through it, so both leave the same trail.
 */
public final class TenantAdministration {

  /** A school just registered, with its secrets in clear: shown once to whoever registered it, kept nowhere. */
  public record Registered(TenantRegistry.Tenant tenant, SchoolUser.Created clickHouseUser, String lmsSecret) {
    public String lmsSecretSha256() {
      return SchoolUser.sha256Hex(lmsSecret);
    }
  }

  private final Client client;
  private final String database;
  private final TenantRegistry registry;
  private final AuditLog audit;

  public TenantAdministration(Client client, String database) {
    this.client = client;
    this.database = database;
    this.registry = new TenantRegistry(client, database);
    this.audit = new AuditLog(client, database);
  }

  /** Registers the school (or renames it), creates its database and new credentials; {@code who} acted. */
  public Registered add(String who, String id, String displayName) {
    SchoolDatabase.requireTenantId(id);
    if (displayName == null || displayName.isBlank()) {
      throw new IllegalArgumentException("name: must be a non-blank display name of the school");
    }
    SchoolUser.Created user = SchoolUser.withNewPassword(id);
    String lmsSecret = SchoolUser.newSecret();
    TenantRegistry.Tenant tenant = new TenantRegistry.Tenant(id, displayName);
    registry.add(tenant);
    new SchoolDatabase(client, database, id).create();
    audit.record(who, id, "tenants add", id);
    return new Registered(tenant, user, lmsSecret);
  }

  /** The registered schools; the listing is recorded with an empty tenant (it concerns the installation). */
  public List<TenantRegistry.Tenant> list(String who) {
    audit.record(who, "", "tenants list", "");
    return registry.list();
  }

  public boolean exists(String id) {
    return registry.contains(id);
  }

  /** Drops the school's database and marks it removed; false (and nothing changed) when it is not registered. */
  public boolean remove(String who, String id) {
    SchoolDatabase.requireTenantId(id);
    if (!registry.contains(id)) {
      return false;
    }
    new SchoolDatabase(client, database, id).drop();
    registry.remove(id);
    audit.record(who, id, "tenants remove", id);
    return true;
  }
}
