package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.learnstream.jobs.notify.SubscriptionStore;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.schemas.Subscription;

/**
 * Alert subscriptions over HTTP, within the caller's tenant: its LMS credentials see, change and remove only its own
 * subscriptions, and create them only for itself. Another tenant's subscription answers 404 as a missing one does, so
 * its existence is not disclosed. {@code GET /subscriptions}, {@code GET|PUT|DELETE /subscriptions/{id}},
 * {@code POST /subscriptions}; bodies are {@link SubscriptionBody}. Secrets are never answered.
 */
public final class SubscriptionRoutes {

  private final TenantCredentials credentials;
  private final SubscriptionStore store;

  public SubscriptionRoutes(TenantCredentials credentials, SubscriptionStore store) {
    this.credentials = credentials;
    this.store = store;
  }

  /** Adds the routes to {@code app} (before it starts). */
  public void route(Javalin app) {
    app.get("/subscriptions", ctx -> withTenant(ctx, tenant -> list(ctx, tenant)));
    app.post("/subscriptions", ctx -> withTenant(ctx, tenant -> create(ctx, tenant)));
    app.get("/subscriptions/{id}", ctx -> withTenant(ctx, tenant -> own(ctx, tenant)
        .ifPresent(s -> RouteAnswers.json(ctx, 200, SubscriptionBody.toJson(s)))));
    app.put("/subscriptions/{id}", ctx -> withTenant(ctx, tenant -> own(ctx, tenant)
        .ifPresent(current -> replace(ctx, tenant, current))));
    app.delete("/subscriptions/{id}", ctx -> withTenant(ctx, tenant -> own(ctx, tenant).ifPresent(current -> {
      store.remove(current);
      ctx.status(204);
    })));
  }

  private void list(Context ctx, String tenant) {
    ObjectNode body = RouteAnswers.JSON.createObjectNode();
    var items = body.putArray("subscriptions");
    store.readAll().values().stream().filter(s -> s.getTenant().equals(tenant))
        .forEach(s -> items.add(SubscriptionBody.toJson(s)));
    RouteAnswers.json(ctx, 200, body);
  }

  private void create(Context ctx, String tenant) {
    write(ctx, tenant, null, 201);
  }

  private void replace(Context ctx, String tenant, Subscription current) {
    write(ctx, tenant, current, 200);
  }

  /** Creates ({@code current} null, a new id) or replaces a subscription of the caller's tenant. */
  private void write(Context ctx, String tenant, Subscription current, int status) {
    RouteAnswers.objectBody(ctx).ifPresent(request -> {
      if (!ownTenantOnly(ctx, request, tenant)) {
        return;
      }
      SubscriptionBody.Parsed parsed = SubscriptionBody.read(request, current == null ? null : current.getSecret());
      if (!parsed.problems().isEmpty()) {
        RouteAnswers.error(ctx, 400, "invalid request", parsed.problems());
        return;
      }
      String id = current == null ? UUID.randomUUID().toString() : current.getSubscriptionId();
      Subscription s = parsed.build(id, tenant, Instant.now());
      store.put(s);
      ctx.header("Location", "/subscriptions/" + id);
      RouteAnswers.json(ctx, status, SubscriptionBody.toJson(s));
    });
  }

  /** The subscription of the path's id when it belongs to the caller's tenant, else a 404 answered. */
  private Optional<Subscription> own(Context ctx, String tenant) {
    String id = ctx.pathParam("id");
    Subscription s = store.readAll().get(id);
    if (s == null || !s.getTenant().equals(tenant)) {
      RouteAnswers.error(ctx, 404, "not found", new Violation("path:id", "subscription.exists",
          "no subscription " + id + " in tenant " + tenant));
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** A body naming a tenant may name only the caller's (403 otherwise, nothing written). */
  private static boolean ownTenantOnly(Context ctx, JsonNode request, String tenant) {
    JsonNode named = request.get("tenant");
    if (named == null || named.isNull() || named.asText().equals(tenant)) {
      return true;
    }
    RouteAnswers.error(ctx, 403, "forbidden", new Violation("$.tenant", "subscription.own-tenant",
        "a tenant's credentials manage only its own subscriptions; leave tenant out or send " + tenant));
    return false;
  }

  private interface TenantHandler {
    void handle(String tenant);
  }

  private void withTenant(Context ctx, TenantHandler handler) {
    Optional<TenantCredentials.Principal> principal = credentials.authenticate(ctx.header("Authorization"));
    if (principal.isEmpty()) {
      ctx.header("WWW-Authenticate", "Basic realm=\"learnstream\", charset=\"UTF-8\"");
      RouteAnswers.error(ctx, 401, "unauthorized", new Violation("header:Authorization", "credentials.valid",
          "send HTTP Basic credentials of a configured tenant key"));
      return;
    }
    handler.handle(principal.get().tenant());
  }
}
