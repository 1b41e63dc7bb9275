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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.notify.DeliveryLog.Status;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.Subscription;

/** Delivery against a real local HTTP receiver that fails on purpose: 500s, timeouts, slow answers, a dead endpoint. */
class WebhookDeliveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "s3cret-for-tests";

  private HttpServer server;
  private String base;
  /** Deliveries the receiver accepted (verified signature, answered 2xx), by delivery id. */
  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final List<String> badSignatures = new CopyOnWriteArrayList<>();
  private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/ok", ex -> receive(ex, 0, false));
    server.createContext("/flaky", ex -> receive(ex, 2, false));
    server.createContext("/slow", ex -> receive(ex, 1, true));
    server.createContext("/down", ex -> receive(ex, Integer.MAX_VALUE, false));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  /** Fails the first {@code failures} requests of each delivery (slowly, past the client timeout, when asked). */
  private void receive(HttpExchange ex, int failures, boolean slow) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String signature = ex.getRequestHeaders().getFirst(WebhookSignature.HEADER);
    if (!WebhookSignature.verify(SECRET, signature, body, Instant.now().getEpochSecond(), 300)) {
      badSignatures.add(String.valueOf(signature));
      ex.sendResponseHeaders(401, -1);
      ex.close();
      return;
    }
    String id = ex.getRequestHeaders().getFirst("Idempotency-Key");
    int n = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    if (n <= failures) {
      if (slow) {
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.sendResponseHeaders(504, -1);
      } else {
        ex.sendResponseHeaders(500, -1);
      }
      ex.close();
      return;
    }
    bodies.add(JSON.readTree(body));
    accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    ex.sendResponseHeaders(204, -1);
    ex.close();
  }

  @Test
  void everyAlertReachesEveryMatchingSubscriptionOnceOrIsDeadLetteredEvenAcrossARestart() {
    List<Subscription> subs = List.of(
        sub("all", "t1", "/ok", List.of(), "info"),
        sub("wheel", "t1", "/flaky", List.of("wheel_spinning"), "info"),
        sub("urgent", "t1", "/slow", List.of(), "warning"),
        sub("broken", "t1", "/down", List.of(), "critical"),
        sub("other-school", "t2", "/ok", List.of(), "info"));
    List<Alert> alerts = new ArrayList<>();
    String[] rules = {"wheel_spinning", "inactivity", "failure_streak", "rapid_guessing", "wheel_spinning",
        "mastery_decline"};
    String[] severities = {"warning", "critical", "info", "warning", "critical", "info"};
    for (int i = 0; i < rules.length; i++) {
      alerts.add(alert("a" + i, "t1", "learner-" + i, rules[i], severities[i], AlertStatus.RAISED));
    }
    alerts.add(alert("a0", "t1", "learner-0", "wheel_spinning", "warning", AlertStatus.RESOLVED));

    // First run stops half-way (as if killed before committing offsets); the restart replays everything.
    notifier(subs).handleAll(alerts.subList(0, 4));
    notifier(subs).handleAll(alerts);

    assertThat(badSignatures).isEmpty();
    for (Alert a : alerts.stream().filter(a -> a.getStatus() == AlertStatus.RAISED).toList()) {
      for (Subscription s : subs) {
        String id = a.getAlertId() + ":" + s.getSubscriptionId();
        List<DeliveryLog.Attempt> attempts = log.of(a.getAlertId(), s.getSubscriptionId());
        if (!SubscriptionMatcher.matches(s, a)) {
          assertThat(accepted).as(id).doesNotContainKey(id);
          assertThat(attempts).as(id).isEmpty();
        } else if (s.getSubscriptionId().equals("broken")) {
          assertThat(accepted).as(id).doesNotContainKey(id);
          assertThat(attempts).as(id).extracting(DeliveryLog.Attempt::status)
              .containsExactly(Status.FAILED, Status.FAILED, Status.FAILED, Status.DEAD_LETTERED);
          assertThat(attempts.get(3).error()).contains("HTTP 500").contains("gave up after 4 attempts");
        } else {
          assertThat(accepted.get(id)).as(id).isNotNull().hasValue(1);
          assertThat(attempts).as(id).extracting(DeliveryLog.Attempt::status).last().isEqualTo(Status.DELIVERED);
          assertThat(attempts).as(id).filteredOn(x -> x.status() == Status.DELIVERED).hasSize(1);
        }
      }
    }
    // The resolution of a0 is a delivery of its own to each subscription that matched the raising.
    for (String sub : List.of("all", "wheel", "urgent")) {
      assertThat(accepted.get("a0:" + sub + ":resolved")).as(sub).isNotNull().hasValue(1);
      assertThat(log.of("a0", DeliveredChange.RESOLVED, sub)).as(sub).filteredOn(x -> x.status() == Status.DELIVERED)
          .hasSize(1);
    }
    assertThat(log.of("a0", "wheel")).extracting(DeliveryLog.Attempt::attempt).containsExactly(1, 2, 3);
    assertThat(log.of("a1", "urgent").get(0).error()).contains("timeout");
    assertThat(accepted.keySet()).noneMatch(k -> k.endsWith(":other-school"));
  }

  @Test
  void aResolutionIsDeliveredWithItsStatusAndResolvedAt() {
    notifier(List.of(sub("all", "t1", "/ok", List.of(), "info"))).handleAll(List.of(
        alert("a8", "t1", "learner-8", "failure_streak", "info", AlertStatus.RAISED),
        alert("a8", "t1", "learner-8", "failure_streak", "info", AlertStatus.RESOLVED)));

    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0).get("delivery_id").asText()).isEqualTo("a8:all");
    assertThat(bodies.get(0).get("alert").get("status").asText()).isEqualTo("raised");
    assertThat(bodies.get(1).get("delivery_id").asText()).isEqualTo("a8:all:resolved");
    assertThat(bodies.get(1).get("alert").get("status").asText()).isEqualTo("resolved");
    assertThat(bodies.get(1).get("alert").get("resolved_at").asText()).isNotBlank();
  }

  @Test
  void anEscalationToActIsDeliveredOnceAsAChangeOfItsOwnWithItsTier() {
    Alert raised = alert("a7", "t1", "learner-7", "failure_streak", "info", AlertStatus.RAISED);
    Alert escalated = Alert.newBuilder(raised).setTier("act").setVersion(2).build();
    Runner runner = notifier(List.of(sub("all", "t1", "/ok", List.of(), "info")));
    runner.handleAll(List.of(raised, escalated, escalated));

    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0).get("alert").get("tier").asText()).isEqualTo("caution");
    assertThat(bodies.get(1).get("delivery_id").asText()).isEqualTo("a7:all:act");
    assertThat(bodies.get(1).get("alert").get("tier").asText()).isEqualTo("act");
    assertThat(bodies.get(1).get("alert").get("status").asText()).isEqualTo("raised");
    assertThat(log.of("a7", DeliveredChange.ESCALATED, "all")).extracting(DeliveryLog.Attempt::status)
        .containsExactly(Status.DELIVERED);
  }

  @Test
  void theWebhookCarriesTheLearnersDisplayNameAndTheEvidence() {
    notifier(List.of(sub("all", "t1", "/ok", List.of(), "info")))
        .handleAll(List.of(alert("a9", "t1", "learner-9", "failure_streak", "info", AlertStatus.RAISED)));

    assertThat(bodies).hasSize(1);
    JsonNode alert = bodies.get(0).get("alert");
    assertThat(alert.get("learner_name").asText()).isEqualTo("Name of learner-9");
    assertThat(alert.get("learner").asText()).isEqualTo("learner-9");
    assertThat(alert.get("evidence").get("consecutive_failures").asInt()).isEqualTo(6);
  }

  @Test
  void aTamperedBodyOrAnOldTimestampDoesNotVerify() {
    byte[] body = "{\"a\":1}".getBytes();
    long now = Instant.now().getEpochSecond();
    String header = WebhookSignature.sign(SECRET, now, body);
    assertThat(WebhookSignature.verify(SECRET, header, body, now, 300)).isTrue();
    assertThat(WebhookSignature.verify(SECRET, header, "{\"a\":2}".getBytes(), now, 300)).isFalse();
    assertThat(WebhookSignature.verify("other", header, body, now, 300)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, header, body, now + 301, 300)).isFalse();
  }

  private Runner notifier(List<Subscription> subs) {
    WebhookDelivery delivery = new WebhookDelivery(log, (tenant, learner) -> "Name of " + learner,
        new WebhookDelivery.Settings(4, Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMillis(50)),
        Clock.systemUTC());
    AlertNotifier notifier = new AlertNotifier(delivery);
    subs.forEach(s -> notifier.apply(s.getSubscriptionId(), s));
    return list -> list.forEach(notifier::handle);
  }

  private interface Runner {
    void handleAll(List<Alert> alerts);
  }

  private Subscription sub(String id, String tenant, String path, List<String> rules, String minSeverity) {
    return Subscription.newBuilder().setSubscriptionId(id).setSpecialist(id + "@school.example").setTenant(tenant)
        .setRules(rules).setMinSeverity(minSeverity).setWebhookUrl(base + path).setSecret(SECRET)
        .setUpdatedAt(Instant.parse("2026-03-01T00:00:00Z")).build();
  }

  private static Alert alert(String id, String tenant, String learner, String rule, String severity,
      AlertStatus status) {
    Instant at = Instant.parse("2026-03-05T10:00:00Z");
    return Alert.newBuilder().setAlertId(id).setTenant(tenant).setLearner(learner).setRule(rule).setSeverity(severity)
        .setStatus(status).setEpisode(at.toEpochMilli()).setEvidence("{\"consecutive_failures\":6}")
        .setEvidenceEvents(List.of("s1", "s2")).setRaisedAt(at)
        .setResolvedAt(status == AlertStatus.RESOLVED ? at.plusSeconds(60) : null)
        .setVersion(status == AlertStatus.RESOLVED ? 3 : 1).build();
  }
}
