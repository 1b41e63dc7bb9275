package org.learnstream.jobs.notify;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.Subscription;

/**
 * Digest subscriptions ({@code digest} set): once a period has ended, one webhook per learner with all their open act
 * alerts that match the subscription, each with its evidence. The open act alerts are read from ClickHouse
 * {@code alerts} (FINAL: each alert's newest version) when the period ends, so a restarted notifier sends the same
 * digests; the delivery log (alert id {@code digest:<learner>:<period end>}) keeps each from being sent twice.
 */
public final class DigestDelivery {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Client client;
  private final String database;
  private final WebhookDelivery delivery;
  private final LearnerDirectory directory;
  /** The end of the newest period each subscription's digests were sent for. */
  private final Map<String, Long> sentUpTo = new HashMap<>();

  public DigestDelivery(Client client, String database, WebhookDelivery delivery, LearnerDirectory directory) {
    this.client = client;
    this.database = database;
    this.delivery = delivery;
    this.directory = directory;
  }

  /** The period of a digest subscription; null for one that gets each alert change. */
  public static Duration period(Subscription s) {
    return s.getDigest().isEmpty() ? null : Duration.parse(s.getDigest());
  }

  /** Sends the digests of every digest subscription whose period ended at or before {@code now} and are not sent. */
  public List<DeliveryLog.Status> deliverDue(long now, Collection<Subscription> subscriptions) {
    List<DeliveryLog.Status> done = new ArrayList<>();
    for (Subscription s : subscriptions) {
      Duration period = period(s);
      if (period == null || s.getDeleted()) {
        continue;
      }
      long end = now - Math.floorMod(now, period.toMillis());
      if (sentUpTo.getOrDefault(s.getSubscriptionId(), Long.MIN_VALUE) >= end) {
        continue;
      }
      for (Map.Entry<String, List<Alert>> learner : openActAlerts(s).entrySet()) {
        DeliveryLog.Status status = delivery.send(message(s, learner.getKey(), learner.getValue(), end, period), s);
        if (status != null) {
          done.add(status);
        }
      }
      sentUpTo.put(s.getSubscriptionId(), end);
    }
    return done;
  }

  /** The subscription's open act alerts by learner (sorted, so digests go out in a stable order). */
  private Map<String, List<Alert>> openActAlerts(Subscription s) {
    Map<String, List<Alert>> byLearner = new TreeMap<>();
    for (Map<String, Object> r : ClickHouseQueries.rows(client, "SELECT alert_id, learner, course, section, skill,"
        + " rule, severity, evidence, toUnixTimestamp(raised_at) AS raised FROM " + database + ".alerts FINAL"
        + " WHERE tenant = " + ClickHouseQueries.quote(s.getTenant()) + " AND status = 'raised' AND tier = 'act'"
        + " ORDER BY learner, raised_at, alert_id FORMAT JSONEachRow")) {
      Alert a = Alert.newBuilder().setAlertId(text(r, "alert_id")).setTenant(s.getTenant())
          .setLearner(text(r, "learner")).setCourse(text(r, "course")).setSection(text(r, "section"))
          .setSkill(text(r, "skill")).setRule(text(r, "rule")).setSeverity(text(r, "severity")).setTier("act")
          .setEpisode(0).setEvidence(text(r, "evidence"))
          .setRaisedAt(Instant.ofEpochSecond(Long.parseLong(text(r, "raised")))).setVersion(2).build();
      if (SubscriptionMatcher.matches(s, a)) {
        byLearner.computeIfAbsent(a.getLearner(), l -> new ArrayList<>()).add(a);
      }
    }
    return byLearner;
  }

  private WebhookDelivery.Message message(Subscription s, String learner, List<Alert> alerts, long end,
      Duration period) {
    String logId = "digest:" + learner + ":" + end;
    ObjectNode root = JSON.createObjectNode();
    String deliveryId = logId + ":" + s.getSubscriptionId();
    root.put("delivery_id", deliveryId);
    root.put("subscription_id", s.getSubscriptionId());
    root.put("tenant", s.getTenant());
    root.put("learner", learner);
    root.put("learner_name", directory.displayName(s.getTenant(), learner));
    root.put("period_start", Instant.ofEpochMilli(end - period.toMillis()).toString());
    root.put("period_end", Instant.ofEpochMilli(end).toString());
    ArrayNode list = root.putArray("alerts");
    for (Alert a : alerts) {
      WebhookDelivery.describe(a, list.addObject());
    }
    return new WebhookDelivery.Message(logId, DeliveredChange.DIGEST, deliveryId,
        root.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v == null ? null : String.valueOf(v);
  }
}
