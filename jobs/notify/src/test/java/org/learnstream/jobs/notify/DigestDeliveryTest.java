package org.learnstream.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.Subscription;

/** A digest subscription gets one message per learner and period with their open act alerts, on a real ClickHouse. */
class DigestDeliveryTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String SECRET = "digest-secret";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Thursday 10:00; the daily period that ended last is Wednesday's. */
  private static final long NOW = Instant.parse("2026-03-05T10:00:00Z").toEpochMilli();

  private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeAll
  static void alerts() {
    SchemaMigrations.apply(CLICKHOUSE.client(), CLICKHOUSE.database());
    String columns = " (alert_id, tenant, learner, skill, rule, severity, tier, status, evidence, raised_at, resolved_at,"
        + " version) VALUES ";
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("alerts") + columns
        + "('a1', 't1', 'ana', NULL, 'failure_streak', 'info', 'caution', 'raised', '{}', '2026-03-03 09:00:00', NULL, 1),"
        + "('a1', 't1', 'ana', NULL, 'failure_streak', 'info', 'act', 'raised', '{\"consecutive_failures\":24}',"
        + " '2026-03-03 09:00:00', NULL, 2),"
        + "('a2', 't1', 'ana', 'k', 'wheel_spinning', 'warning', 'act', 'raised', '{\"attempts\":30}',"
        + " '2026-03-02 09:00:00', NULL, 2),"
        + "('a3', 't1', 'ben', NULL, 'inactivity', 'warning', 'caution', 'raised', '{}', '2026-03-04 09:00:00', NULL, 1),"
        + "('a4', 't1', 'cleo', NULL, 'inactivity', 'warning', 'act', 'raised', '{}', '2026-03-02 09:00:00', NULL, 2),"
        + "('a4', 't1', 'cleo', NULL, 'inactivity', 'warning', 'act', 'resolved', '{}', '2026-03-02 09:00:00',"
        + " '2026-03-04 08:00:00', 3),"
        + "('a5', 't2', 'dan', NULL, 'inactivity', 'warning', 'act', 'raised', '{}', '2026-03-02 09:00:00', NULL, 2)");
  }

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/digest", this::receive);
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  private void receive(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    boolean signed = WebhookSignature.verify(SECRET, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
        Instant.now().getEpochSecond(), 300);
    if (signed) {
      bodies.add(JSON.readTree(body));
      keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
    }
    ex.sendResponseHeaders(signed ? 204 : 401, -1);
    ex.close();
  }

  @Test
  void eachLearnerWithOpenActAlertsGetsOneMessageWithAllOfThemAndNoneIsSentTwiceEvenAfterARestart() {
    InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    Subscription daily = subscription("P1D");

    digests(log).deliverDue(NOW, List.of(daily));

    assertThat(bodies).singleElement().satisfies(b -> {
      assertThat(b.get("learner").asText()).isEqualTo("ana");
      assertThat(b.get("learner_name").asText()).isEqualTo("Name of ana");
      assertThat(b.get("period_end").asText()).isEqualTo("2026-03-05T00:00:00Z");
      assertThat(b.get("alerts")).extracting(a -> a.get("alert_id").asText()).containsExactly("a2", "a1");
      assertThat(b.get("alerts").get(1).get("evidence").get("consecutive_failures").asInt()).isEqualTo(24);
    });
    assertThat(keys).containsExactly("digest:ana:" + Instant.parse("2026-03-05T00:00:00Z").toEpochMilli() + ":daily");

    DigestDelivery restarted = digests(log);
    restarted.deliverDue(NOW + Duration.ofHours(1).toMillis(), List.of(daily));
    assertThat(bodies).as("the same period after a restart").hasSize(1);
    restarted.deliverDue(NOW + Duration.ofDays(1).toMillis(), List.of(daily));
    assertThat(bodies).as("the next period").hasSize(2);
  }

  @Test
  void aDigestSubscriptionGetsNoMessagePerAlertChange() {
    InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    AlertNotifier notifier = new AlertNotifier(webhooks(log));
    notifier.apply("daily", subscription("P1D"));
    Alert act = Alert.newBuilder().setAlertId("a9").setTenant("t1").setLearner("eve").setRule("inactivity")
        .setSeverity("warning").setTier("act").setStatus(AlertStatus.RAISED).setEpisode(0).setEvidence("{}")
        .setRaisedAt(Instant.ofEpochMilli(NOW)).setVersion(2).build();

    assertThat(notifier.handle(act)).isEmpty();
    assertThat(bodies).isEmpty();
  }

  private DigestDelivery digests(InMemoryDeliveryLog log) {
    return new DigestDelivery(CLICKHOUSE.client(), CLICKHOUSE.database(), webhooks(log),
        (tenant, learner) -> "Name of " + learner);
  }

  private static WebhookDelivery webhooks(InMemoryDeliveryLog log) {
    return new WebhookDelivery(log, (tenant, learner) -> "Name of " + learner,
        new WebhookDelivery.Settings(2, Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(50)),
        Clock.systemUTC());
  }

  private Subscription subscription(String digest) {
    return Subscription.newBuilder().setSubscriptionId("daily").setSpecialist("s@school.example").setTenant("t1")
        .setMinSeverity("info").setWebhookUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/digest")
        .setSecret(SECRET).setDigest(digest).setUpdatedAt(Instant.parse("2026-03-01T00:00:00Z")).build();
  }
}
