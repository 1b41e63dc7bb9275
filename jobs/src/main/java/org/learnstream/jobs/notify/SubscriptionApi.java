package org.learnstream.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.learnstream.pipeline.warning.WarningRuleRegistry;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.schemas.Subscription;

/**
 * HTTP API for subscriptions, scoped by tenant in the path: a caller sees and changes only that tenant's
 * subscriptions, and secrets are write-only.
 * <ul>
 *   <li>{@code GET /tenants/{tenant}/subscriptions}</li>
 *   <li>{@code POST /tenants/{tenant}/subscriptions} with {@code {"specialist", "webhook_url", "secret", "courses",
 *   "sections", "rules", "min_severity"}} -> 201 {@code {"id"}}</li>
 *   <li>{@code DELETE /tenants/{tenant}/subscriptions/{id}} -> 204, or 404 when the tenant has no such subscription</li>
 * </ul>
 */
public final class SubscriptionApi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SubscriptionStore store;
  private final Javalin app;

  public SubscriptionApi(SubscriptionStore store) {
    this.store = store;
    this.app = Javalin.create()
        .get("/tenants/{tenant}/subscriptions", this::list)
        .post("/tenants/{tenant}/subscriptions", this::add)
        .delete("/tenants/{tenant}/subscriptions/{id}", this::remove)
        .exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
  }

  /** Starts on the given host and port (0 = any free port); returns the port. */
  public int start(String host, int port) {
    app.start(host, port);
    return app.port();
  }

  private void list(Context ctx) throws Exception {
    String tenant = ctx.pathParam("tenant");
    ArrayNode out = JSON.createArrayNode();
    for (Subscription s : store.readAll().values()) {
      if (s.getTenant().equals(tenant)) {
        ObjectNode n = out.addObject();
        n.put("id", s.getSubscriptionId());
        n.put("specialist", s.getSpecialist());
        n.set("courses", JSON.valueToTree(s.getCourses()));
        n.set("sections", JSON.valueToTree(s.getSections()));
        n.set("rules", JSON.valueToTree(s.getRules()));
        n.put("min_severity", s.getMinSeverity());
        n.put("webhook_url", s.getWebhookUrl());
      }
    }
    ctx.contentType("application/json").result(JSON.writeValueAsString(out));
  }

  private void add(Context ctx) throws Exception {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body());
    } catch (Exception e) {
      throw new IllegalArgumentException("the body must be a JSON object: " + e.getMessage());
    }
    String id = UUID.randomUUID().toString();
    Subscription s = Subscription.newBuilder()
        .setSubscriptionId(id)
        .setSpecialist(required(body, "specialist"))
        .setTenant(ctx.pathParam("tenant"))
        .setCourses(strings(body, "courses"))
        .setSections(strings(body, "sections"))
        .setRules(strings(body, "rules").stream().map(r -> WarningRuleRegistry.of(r).id()).toList())
        .setMinSeverity(Severity.of(body.path("min_severity").asText("info")).id())
        .setWebhookUrl(required(body, "webhook_url"))
        .setSecret(required(body, "secret"))
        .setUpdatedAt(Instant.now())
        .build();
    store.put(s);
    ctx.status(201).contentType("application/json").result(JSON.createObjectNode().put("id", id).toString());
  }

  private void remove(Context ctx) {
    Subscription s = store.readAll().get(ctx.pathParam("id"));
    if (s == null || !s.getTenant().equals(ctx.pathParam("tenant"))) {
      error(ctx, 404, "no subscription " + ctx.pathParam("id") + " for tenant " + ctx.pathParam("tenant"));
      return;
    }
    store.remove(s);
    ctx.status(204);
  }

  private static String required(JsonNode body, String field) {
    String v = body.path(field).asText("");
    if (v.isBlank()) {
      throw new IllegalArgumentException("field " + field + " is required");
    }
    return v;
  }

  private static List<String> strings(JsonNode body, String field) {
    List<String> out = new ArrayList<>();
    body.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).contentType("application/json").result(JSON.createObjectNode().put("error", message).toString());
  }

  @Override
  public void close() {
    app.stop();
  }
}
