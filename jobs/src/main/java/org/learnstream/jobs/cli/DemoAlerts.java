package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import io.javalin.Javalin;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.learnstream.jobs.notify.AlertNotifier;
import org.learnstream.jobs.notify.ClickHouseDeliveryLog;
import org.learnstream.jobs.notify.ClickHouseLearnerDirectory;
import org.learnstream.jobs.notify.NotifierProcess;
import org.learnstream.jobs.notify.SubscriptionStore;
import org.learnstream.jobs.notify.WebhookDelivery;
import org.learnstream.jobs.notify.WebhookSignature;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.schemas.Subscription;

/**
 * The demo's early-warning part: the alerts the job raised (from ClickHouse), then a specialist's subscription
 * delivered by the notifier to a local webhook receiver that checks every signature.
 */
final class DemoAlerts {

  /** The behaviours the simulator injects, so the demo's specialist hears about exactly those. */
  private static final List<String> DEMO_RULES = List.of("inactivity", "wheel_spinning", "rapid_guessing");

  private final Client client;
  private final String db;
  private final PrintStream out;

  DemoAlerts(Client client, String database, PrintStream out) {
    this.client = client;
    this.db = database;
    this.out = out;
  }

  void printRaised() {
    out.println();
    out.println("Early-warning alerts raised by the job (" + db + ".alerts):");
    out.print(TextTable.of(ClickHouseQueries.rows(client, "SELECT rule, severity, toString(status) AS status, count() AS alerts,"
        + " uniqExact(learner) AS learners FROM " + db + ".alerts FINAL GROUP BY rule, severity, status"
        + " ORDER BY rule, status FORMAT JSONEachRow")));
  }

  /** Subscribes a specialist to the tenant's warning+ alerts and prints what a local receiver got. */
  void deliver(String bootstrap, String alertsTopic, String subscriptionsTopic, String tenant) throws Exception {
    String secret = java.util.UUID.randomUUID().toString();
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    AtomicInteger badSignatures = new AtomicInteger();
    Javalin receiver = Javalin.create().post("/alerts", ctx -> {
      byte[] body = ctx.bodyAsBytes();
      if (!WebhookSignature.verify(secret, ctx.header(WebhookSignature.HEADER), body, Instant.now().getEpochSecond(), 300)) {
        badSignatures.incrementAndGet();
        ctx.status(401);
        return;
      }
      received.computeIfAbsent(ctx.header("Idempotency-Key"), k -> new AtomicInteger()).incrementAndGet();
      ctx.status(204);
    }).start("127.0.0.1", 0);
    try {
      SubscriptionStore store = new SubscriptionStore(bootstrap, subscriptionsTopic);
      store.put(Subscription.newBuilder().setSubscriptionId("demo-specialist").setSpecialist("specialist@demo.example")
          .setTenant(tenant).setRules(DEMO_RULES).setMinSeverity("warning").setWebhookUrl("http://127.0.0.1:" + receiver.port() + "/alerts")
          .setSecret(secret).setUpdatedAt(Instant.now()).build());
      // Every alert raised (resolved ones included: they were raised first) of the subscribed rules, warning or above.
      long expected = ClickHouseQueries.scalarLong(client, "SELECT uniqExact(alert_id) FROM " + db + ".alerts WHERE tenant = "
          + ClickHouseQueries.quote(tenant) + " AND severity IN ('warning', 'critical') AND rule IN ("
          + String.join(", ", DEMO_RULES.stream().map(ClickHouseQueries::quote).toList()) + ")");
      WebhookDelivery delivery = new WebhookDelivery(new ClickHouseDeliveryLog(client, db),
          new ClickHouseLearnerDirectory(client, db), WebhookDelivery.Settings.defaults(), Clock.systemUTC());
      NotifierProcess notifier = new NotifierProcess(bootstrap, alertsTopic, subscriptionsTopic, "learnstream-demo-notifier",
          new AlertNotifier(delivery));
      Thread thread = new Thread(notifier, "alert-notifier");
      thread.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < expected && System.nanoTime() < deadline) {
        Thread.sleep(200); // refresh pace of the wait, not synchronisation
      }
      notifier.close();
      thread.join(10_000);
      out.println();
      out.printf("Alert notifier: a specialist subscribed to %s (warning and above) of tenant %s; %d of %d alerts "
          + "delivered to a local webhook (signatures checked: %d bad)%s.%n", String.join(", ", DEMO_RULES), tenant,
          received.size(), expected, badSignatures.get(),
          received.size() < expected ? "; " + (expected - received.size()) + " not delivered within 60 s" : "");
      out.print(TextTable.of(ClickHouseQueries.rows(client, "SELECT toString(status) AS delivery, count() AS attempts FROM "
          + db + ".alert_deliveries FINAL GROUP BY delivery ORDER BY delivery FORMAT JSONEachRow")));
    } finally {
      receiver.stop();
    }
  }
}
