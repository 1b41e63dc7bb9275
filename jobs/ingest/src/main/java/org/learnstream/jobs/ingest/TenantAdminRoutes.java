package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.clickhouse.TenantAdministration;
import org.learnstream.pipeline.clickhouse.TenantRegistry;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The schools over HTTP, for the administrator only: {@code GET /admin/tenants}, {@code POST /admin/tenants}
 * ({@code {"id", "name"}}: registers the school and answers its new credentials once) and
 * {@code DELETE /admin/tenants/{id}}. Each action is in the audit trail as the {@code tenants} verb's are, the
 * administrator's name prefixed with {@code http:}.
 */
public final class TenantAdminRoutes {

  private final AdminAccess access;
  private final TenantAdministration administration;

  public TenantAdminRoutes(AdminAccess access, TenantAdministration administration) {
    this.access = access;
    this.administration = administration;
  }

  /** Adds the routes to {@code app} (before it starts). */
  public void route(Javalin app) {
    app.get("/admin/tenants", access.only(this::list));
    app.post("/admin/tenants", access.only(this::add));
    app.delete("/admin/tenants/{id}", access.only(this::remove));
  }

  private void list(Context ctx, String admin) {
    ObjectNode body = RouteAnswers.JSON.createObjectNode();
    ArrayNode tenants = body.putArray("tenants");
    for (TenantRegistry.Tenant t : administration.list(who(admin))) {
      tenants.addObject().put("id", t.id()).put("name", t.displayName())
          .put("database", SchoolDatabase.databaseOf(t.id()));
    }
    RouteAnswers.json(ctx, 200, body);
  }

  private void add(Context ctx, String admin) {
    ObjectNode request = RouteAnswers.objectBody(ctx).orElse(null);
    if (request == null) {
      return;
    }
    String id = request.path("id").asText("");
    String name = request.path("name").asText("");
    List<Violation> problems = new ArrayList<>();
    try {
      SchoolDatabase.requireTenantId(id);
    } catch (IllegalArgumentException e) {
      problems.add(new Violation("$.id", "tenant.id-form", e.getMessage()));
    }
    if (name.isBlank()) {
      problems.add(new Violation("$.name", "tenant.name-required", "give the school's display name"));
    }
    if (!problems.isEmpty()) {
      RouteAnswers.error(ctx, 400, "invalid request", problems);
      return;
    }
    if (administration.exists(id)) {
      RouteAnswers.error(ctx, 409, "conflict", new Violation("$.id", "tenant.unique",
          "tenant " + id + " is registered already; remove it first to give it new credentials"));
      return;
    }
    TenantAdministration.Registered registered = administration.add(who(admin), id, name);
    ObjectNode body = RouteAnswers.JSON.createObjectNode().put("id", id).put("name", name)
        .put("database", SchoolDatabase.databaseOf(id))
        .put("notice", "the secrets below are shown once; only their SHA-256 is kept");
    body.putObject("clickhouseUser").put("name", registered.clickHouseUser().user().name())
        .put("password", registered.clickHouseUser().password())
        .put("usersFile", registered.clickHouseUser().user().usersFile());
    body.putObject("lmsCredentials").put("key", id).put("secret", registered.lmsSecret())
        .put("secretSha256", registered.lmsSecretSha256());
    ctx.header("Cache-Control", "no-store");
    RouteAnswers.json(ctx, 201, body);
  }

  private void remove(Context ctx, String admin) {
    String id = ctx.pathParam("id");
    try {
      SchoolDatabase.requireTenantId(id);
    } catch (IllegalArgumentException e) {
      RouteAnswers.error(ctx, 400, "invalid request", new Violation("path:id", "tenant.id-form", e.getMessage()));
      return;
    }
    if (administration.remove(who(admin), id)) {
      ctx.status(204);
    } else {
      RouteAnswers.error(ctx, 404, "not found", new Violation("path:id", "tenant.registered",
          "no tenant " + id + " is registered"));
    }
  }

  private static String who(String admin) {
    return "http:" + admin;
  }
}
