package org.learnstream.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.learnstream.jobs.ingest.StatementPage;
import org.learnstream.jobs.ingest.StatementQuery;
import org.learnstream.jobs.ingest.StatementStore;

/**
 * Every read {@code GET /xapi/statements} makes of its store, each as the endpoint makes it: the parameters go through
 * {@link StatementQuery#parse} and the store's own query builder, with values taken from one stored statement.
 */
public final class StatementReadShapes {

  /** One shape: what it asks and a call that makes the read and answers how many statements came back. */
  public record Shape(String label, IntSupplier read) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatementReadShapes() {
  }

  /**
   * @param sample a stored, not voided answer of the tenant, the source of the filter values
   * @param voidedId the id of a statement a stored voiding statement targets
   */
  public static List<Shape> all(StatementStore store, String tenant, JsonNode sample, String voidedId) {
    String id = sample.path("id").asText();
    JsonNode context = sample.path("context");
    Instant stored = Instant.parse(sample.path("stored").asText());
    List<Shape> shapes = new ArrayList<>();
    shapes.add(new Shape("statementId", () -> single(store, tenant, id, false)));
    shapes.add(new Shape("voidedStatementId", () -> single(store, tenant, voidedId, true)));
    shapes.add(new Shape("landed, 10 ids (read-after-write poll)",
        () -> store.landed(tenant, List.of(id, voidedId, "0", "1", "2", "3", "4", "5", "6", "7")).size()));
    shapes.add(page(store, tenant, "no filter (limit 500)"));
    shapes.add(page(store, tenant, "agent", "agent", sample.path("actor").toString()));
    shapes.add(page(store, tenant, "verb (completed, 10%)", "verb", "http://adlnet.gov/expapi/verbs/completed"));
    shapes.add(page(store, tenant, "activity", "activity", sample.path("object").path("id").asText()));
    shapes.add(page(store, tenant, "registration", "registration", context.path("registration").asText()));
    shapes.add(page(store, tenant, "related_activities (course)", "activity",
        context.path("contextActivities").path("grouping").path(0).path("id").asText(), "related_activities", "true"));
    shapes.add(page(store, tenant, "related_agents (instructor)", "agent", context.path("instructor").toString(),
        "related_agents", "true"));
    shapes.add(page(store, tenant, "since/until (one hour)", "since", stored.minusSeconds(1800).toString(), "until",
        stored.plusSeconds(1800).toString()));
    shapes.add(page(store, tenant, "ascending", "ascending", "true"));
    StatementQuery first = query("limit", "100");
    shapes.add(new Shape("more link (second page of limit=100)",
        () -> store.query(tenant, query(linkParameters(store.query(tenant, first).more()))).statements().size()));
    return shapes;
  }

  /** As the endpoint reads one statement: the statement, then whether it is voided. */
  private static int single(StatementStore store, String tenant, String id, boolean wantVoided) {
    boolean found = store.statement(tenant, id).isPresent();
    boolean voided = store.isVoided(tenant, id);
    if (!found || voided != wantVoided) {
      throw new IllegalStateException("statement " + id + " is not stored " + (wantVoided ? "voided" : "unvoided"));
    }
    return 1;
  }

  private static Shape page(StatementStore store, String tenant, String label, String... parameters) {
    StatementQuery query = query(parameters);
    return new Shape(label, () -> {
      StatementPage page = store.query(tenant, query);
      return page.statements().size();
    });
  }

  private static StatementQuery query(String... keysAndValues) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      parameters.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return query(parameters);
  }

  private static StatementQuery query(Map<String, String> parameters) {
    if (StatementQuery.parse(parameters) instanceof StatementQuery.Valid valid) {
      return valid.query();
    }
    throw new IllegalArgumentException("the endpoint refuses the query " + parameters);
  }

  /** The parameters of a {@code more} link, as the endpoint reads them back. */
  static Map<String, String> linkParameters(String link) {
    if (link.isEmpty()) {
      throw new IllegalStateException("the first page has no more link: load more statements");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : link.substring(link.indexOf('?') + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return parameters;
  }

  /** The JSON of a stored statement's text. */
  public static JsonNode parse(String statementJson) {
    try {
      return JSON.readTree(statementJson);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored statement is not JSON: " + e.getMessage(), e);
    }
  }
}
