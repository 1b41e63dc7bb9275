package org.learnstream.jobs.devtools;

import org.learnstream.jobs.cli.TextTable;
import org.learnstream.jobs.cli.OutstandingAlerts;
import org.learnstream.jobs.cli.ProgressWait;
import com.clickhouse.client.api.Client;
import io.javalin.Javalin;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.learnstream.jobs.notify.AlertLearners;
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

  private static final String SUBSCRIPTION = "demo-specialist";
  private static final String NOTIFIER_GROUP = "learnstream-demo-notifier";
  /** Give up when no alert has arrived for this long (a delivery takes well under a second)... */
  private static final Duration STALL = Duration.ofSeconds(30);
  /** ...or after this long in all. */
  private static final Duration LIMIT = Duration.ofMinutes(10);

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
    out.print(TextTable.of(ClickHouseQueries.rows(client,
        "SELECT rule, severity, toString(status) AS status, count() AS alerts,"
            + " uniqExact(learner) AS learners FROM " + db + ".alerts FINAL GROUP BY rule, severity, status"
            + " ORDER BY rule, status FORMAT JSONEachRow")));
  }

  /** Subscribes a specialist to the tenant's warning+ alerts and prints what a local receiver got. */
  /** @param learners names the learners of alerts the job named by record, as {@code notify} does */
  void deliver(String bootstrap, String alertsTopic, String subscriptionsTopic, String tenant, AlertLearners learners)
      throws Exception {
    String secret = java.util.UUID.randomUUID().toString();
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    Set<String> receivedAlerts = ConcurrentHashMap.newKeySet();
    AtomicInteger badSignatures = new AtomicInteger();
    Javalin receiver = Javalin.create().post("/alerts", ctx -> {
      byte[] body = ctx.bodyAsBytes();
      if (!WebhookSignature.verify(secret, ctx.header(WebhookSignature.HEADER), body, Instant.now().getEpochSecond(),
          300)) {
        badSignatures.incrementAndGet();
        ctx.status(401);
        return;
      }
      String key = String.valueOf(ctx.header("Idempotency-Key"));
      received.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      receivedAlerts.add(OutstandingAlerts.changeKey(key, SUBSCRIPTION));
      ctx.status(204);
    }).start("127.0.0.1", 0);
    try {
      SubscriptionStore store = new SubscriptionStore(bootstrap, subscriptionsTopic);
      store.put(Subscription.newBuilder().setSubscriptionId(SUBSCRIPTION).setSpecialist("specialist@demo.example")
          .setTenant(tenant).setRules(DEMO_RULES).setMinSeverity("warning")
          .setWebhookUrl("http://127.0.0.1:" + receiver.port() + "/alerts")
          .setSecret(secret).setUpdatedAt(Instant.now()).build());
      // Every change of the subscribed rules' alerts, warning or above: each raising, and each resolution.
      Set<String> expectedIds = new HashSet<>();
      // Merges keep only the resolved version of a resolved alert: every alert id stands for its raising.
      ClickHouseQueries.rows(client, "SELECT alert_id, max(status = 'resolved') AS resolved FROM " + db + ".alerts"
          + " WHERE tenant = " + ClickHouseQueries.quote(tenant)
          + " AND severity IN ('warning', 'critical') AND rule IN ("
          + String.join(", ", DEMO_RULES.stream().map(ClickHouseQueries::quote).toList())
          + ") GROUP BY alert_id FORMAT JSONEachRow").forEach(r -> {
            String id = String.valueOf(r.get("alert_id"));
            expectedIds.add(OutstandingAlerts.changeKey(id, false));
            if (Integer.parseInt(String.valueOf(r.get("resolved"))) == 1) {
              expectedIds.add(OutstandingAlerts.changeKey(id, true));
            }
          });
      long expected = expectedIds.size();
      WebhookDelivery delivery = new WebhookDelivery(new ClickHouseDeliveryLog(client, db),
          new ClickHouseLearnerDirectory(client, db), WebhookDelivery.Settings.defaults(), Clock.systemUTC());
      NotifierProcess notifier = new NotifierProcess(bootstrap, alertsTopic, subscriptionsTopic, NOTIFIER_GROUP,
          learners, new AlertNotifier(delivery), null);
      Thread thread = new Thread(notifier, "alert-notifier");
      thread.start();
      // Deliveries are sequential (a webhook call and delivery-log writes each): wait while they progress.
      ProgressWait.Outcome waited = ProgressWait.await(
          () -> expectedIds.stream().filter(receivedAlerts::contains).count(),
          expected, STALL, LIMIT, Duration.ofMillis(200), ProgressWait.Ticker.SYSTEM);
      notifier.close();
      thread.join(10_000);
      out.println();
      long resolutions = expectedIds.stream().filter(k -> k.endsWith(OutstandingAlerts.RESOLVED_SUFFIX)).count();
      out.printf(
          "Alert notifier: a specialist subscribed to %s (warning and above) of tenant %s; %d of %d alert changes "
              + "(%d raised, %d resolved) delivered to a local webhook in %d s (signatures checked: %d bad, duplicates: %d).%n",
          String.join(", ", DEMO_RULES), tenant, waited.reached(), expected, expected - resolutions, resolutions,
          waited.waited().toSeconds(), badSignatures.get(),
          received.values().stream().mapToInt(c -> c.get() - 1).sum());
      if (!waited.complete()) {
        out.printf("  Stopped waiting (%s): %s.%n", waited.stalled()
            ? "no delivery for " + STALL.toSeconds() + " s"
            : "after " + LIMIT.toMinutes() + " min",
            OutstandingAlerts.explain(expectedIds, receivedAlerts, bootstrap,
                alertsTopic, NOTIFIER_GROUP, client, db, SUBSCRIPTION).describe());
      }
      out.print(TextTable.of(ClickHouseQueries.rows(client, "SELECT toString(change) AS alert_change,"
          + " toString(status) AS delivery, count() AS attempts FROM " + db
          + ".alert_deliveries FINAL GROUP BY alert_change, delivery"
          + " ORDER BY alert_change, delivery FORMAT JSONEachRow")));
    } finally {
      receiver.stop();
    }
  }
}
