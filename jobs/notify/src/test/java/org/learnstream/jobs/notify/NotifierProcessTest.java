package org.learnstream.jobs.notify;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.kafka.RecordNamed;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.Subscription;

/** The notifier on a real broker: subscriptions from the compacted topic, alerts from Kafka, a restart in between. */
class NotifierProcessTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String SECRET = "k";
  private HttpServer server;
  private String base;
  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> receive(ex, 0));
    server.createContext("/flaky", ex -> receive(ex, 1));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void receive(HttpExchange ex, int failures) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    boolean signed = WebhookSignature.verify(SECRET, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
        Instant.now().getEpochSecond(), 300);
    String id = ex.getRequestHeaders().getFirst("Idempotency-Key");
    int n = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    int status = !signed ? 401 : n <= failures ? 500 : 204;
    if (status == 204) {
      accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      bodies.put(id, new String(body, StandardCharsets.UTF_8));
    }
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  @Test
  void deliversEachMatchingAlertOnceAcrossARestartAndFollowsSubscriptionChanges() throws Exception {
    String alerts = KAFKA.uniqueTopic("alerts", 2);
    String subsTopic = "alert.subscriptions-" + alerts;
    KAFKA.createTopic(subsTopic, 1, Map.of("cleanup.policy", "compact"));
    SubscriptionStore store = new SubscriptionStore(KAFKA.bootstrapServers(), subsTopic);
    store.put(sub("all", "t1", "/hook", List.of()));
    store.put(sub("guessing", "t1", "/flaky", List.of("rapid_guessing")));
    store.put(sub("other-school", "t2", "/hook", List.of()));
    Subscription gone = sub("gone", "t1", "/hook", List.of());
    store.put(gone);
    store.remove(gone);
    assertThat(store.readAll()).containsOnlyKeys("all", "guessing", "other-school");

    produce(alerts, alert("a1", "t1", "rapid_guessing"), alert("a2", "t1", "inactivity"),
        alert("a3", "t2", "inactivity"));
    run(alerts, subsTopic, () -> accepted.size() == 4);

    // Restarted: one alert is in the log twice (a replay), two are new.
    produce(alerts, alert("a1", "t1", "rapid_guessing"), alert("a4", "t1", "rapid_guessing"),
        alert("a5", "t1", "wheel_spinning"));
    run(alerts, subsTopic, () -> accepted.size() == 7);

    assertThat(accepted.keySet()).containsExactlyInAnyOrder("a1:all", "a1:guessing", "a2:all", "a3:other-school",
        "a4:all", "a4:guessing", "a5:all");
    assertThat(accepted.values()).allMatch(c -> c.get() == 1);
    assertThat(log.of("a1", "guessing")).extracting(DeliveryLog.Attempt::status)
        .containsExactly(DeliveryLog.Status.FAILED, DeliveryLog.Status.DELIVERED);
  }

  @Test
  void anAlertTheJobNamedByRecordIsDeliveredUnderTheRecordsPseudonymAndNoneOfAnErasedLearner() throws Exception {
    String alerts = KAFKA.uniqueTopic("alerts", 1);
    String subsTopic = "alert.subscriptions-" + alerts;
    KAFKA.createTopic(subsTopic, 1, Map.of("cleanup.policy", "compact"));
    new SubscriptionStore(KAFKA.bootstrapServers(), subsTopic).put(sub("all", "t1", "/hook", List.of()));
    UUID ana = UUID.randomUUID();
    UUID erased = UUID.randomUUID();
    AlertLearners records = AlertLearners.from((tenant, id) -> id.equals(ana)
        ? Optional.of(new LearnerRecord(tenant, ana, "pseudonym-of-ana", new byte[LearnerRecord.KEY_BYTES],
            Instant.parse("2026-03-01T00:00:00Z")))
        : Optional.empty());

    produce(alerts, RecordNamed.byRecord(alert("a1", "t1", "inactivity"), erased),
        RecordNamed.byRecord(alert("a2", "t1", "inactivity"), ana));
    run(alerts, subsTopic, records, () -> accepted.size() == 1);

    assertThat(accepted.keySet()).containsExactly("a2:all");
    assertThat(bodies.get("a2:all")).contains("\"learner\":\"pseudonym-of-ana\"");
    assertThat(log.of("a1", "all")).as("nothing attempted for the erased learner").isEmpty();
  }

  private void run(String alerts, String subs, BooleanSupplier done) throws InterruptedException {
    run(alerts, subs, AlertLearners.WITHOUT_RECORDS, done);
  }

  private void run(String alerts, String subs, AlertLearners learners, BooleanSupplier done)
      throws InterruptedException {
    WebhookDelivery delivery = new WebhookDelivery(log, (t, l) -> null,
        new WebhookDelivery.Settings(3, Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(50)),
        Clock.systemUTC());
    NotifierProcess process = new NotifierProcess(KAFKA.bootstrapServers(), alerts, subs, "notifier-" + alerts,
        learners, new AlertNotifier(delivery), null);
    Thread thread = new Thread(process, "notifier");
    thread.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    process.close();
    thread.join(Duration.ofSeconds(30).toMillis());
    assertThat(thread.isAlive()).isFalse();
  }

  private void produce(String topic, Alert... alerts) throws Exception {
    AvroCodec<Alert> codec = AvroCodec.of(Alert.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      for (Alert a : alerts) {
        producer.send(new ProducerRecord<>(topic, (a.getTenant() + "|" + a.getLearner()).getBytes(), codec.encode(a)))
            .get();
      }
    }
  }

  private Subscription sub(String id, String tenant, String path, List<String> rules) {
    return Subscription.newBuilder().setSubscriptionId(id).setSpecialist(id + "@school.example").setTenant(tenant)
        .setRules(rules).setWebhookUrl(base + path).setSecret(SECRET).setUpdatedAt(Instant.now()).build();
  }

  private static Alert alert(String id, String tenant, String rule) {
    Instant at = Instant.parse("2026-03-05T10:00:00Z");
    return Alert.newBuilder().setAlertId(id).setTenant(tenant).setLearner("p-" + id).setRule(rule)
        .setSeverity("warning")
        .setStatus(AlertStatus.RAISED).setEpisode(at.toEpochMilli()).setEvidence("{}").setRaisedAt(at).setVersion(1)
        .build();
  }
}
