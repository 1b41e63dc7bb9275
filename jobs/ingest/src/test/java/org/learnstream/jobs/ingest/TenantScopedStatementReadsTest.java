package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.testing.ClickHouseExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET of a statement by id answers only within the caller's school, read from a real ClickHouse. */
class TenantScopedStatementReadsTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void anotherSchoolsCredentialsGet404ForAStatementAndNeverItsBody() throws Exception {
    String id = insertStatementOfSchoolA(CLICKHOUSE);
    StatementsService service = new StatementsService(credentials(),
        new StatementBatchPreparer(new StatementValidator(), IngestLimits.defaults()), new RecentStatementIds(1000),
        new ClickHouseStatementStore(CLICKHOUSE.client(), CLICKHOUSE.database()),
        new StatementsServiceTest.RecordingPublisher(), new IngestMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC(), IngestLimits.defaults());

    IngestResponse own = service.handle(get(basic("school-a", "secret-a"), id));
    IngestResponse other = service.handle(get(basic("school-b", "secret-b"), id));

    assertThat(own.status()).isEqualTo(200);
    assertThat(own.bodyText()).contains("secret-marker");
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.bodyText()).doesNotContain("secret-marker").doesNotContain("answered");
  }

  /** A landed statement of school-a whose JSON holds {@code secret-marker}; returns its id. */
  static String insertStatementOfSchoolA(ClickHouseExtension clickhouse) {
    String id = UUID.randomUUID().toString();
    String body = "{\"id\":\"" + id + "\",\"verb\":{\"id\":\"http://v/answered\"},\"secret-marker\":1}";
    ClickHouseQueries.execute(clickhouse.client(), "INSERT INTO " + clickhouse.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms, statement_json) VALUES (" + ClickHouseQueries.quote(id) + ", 'school-a', 'p-1',"
        + " 'RESPONSE', 'http://v/answered', 'http://o', 'Activity', [], 1772359200, 1772359200000, 1772359200,"
        + " 1772359200000, " + ClickHouseQueries.quote(body) + ")");
    return id;
  }

  private static IngestRequest get(String auth, String id) {
    return new IngestRequest("GET", auth, "1.0.3", Map.of("statementId", id), new byte[0]);
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static TenantCredentials credentials() {
    Map<String, Object> tenants = Map.of(
        "school-a", java.util.List.of(Map.of("key", "school-a", "secretSha256", SchoolUser.sha256Hex("secret-a"))),
        "school-b", java.util.List.of(Map.of("key", "school-b", "secretSha256", SchoolUser.sha256Hex("secret-b"))));
    return TenantCredentials.fromTree(new ObjectMapper().valueToTree(Map.of("tenants", tenants)), name -> null,
        "test credentials");
  }

}
