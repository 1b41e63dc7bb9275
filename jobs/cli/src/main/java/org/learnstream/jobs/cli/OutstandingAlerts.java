package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;

/**
 * Why expected alert changes (raisings, resolutions) have not reached the receiver: each is either missing from the committed
 * {@code alerts} topic (only in ClickHouse), not yet read by the notifier, or read and still being retried.
 */
public final class OutstandingAlerts {

  private static final AvroCodec<Alert> ALERTS = AvroCodec.of(Alert.class);
  public static final String RESOLVED_SUFFIX = ":resolved";

  /** One alert change: the alert id for the raising, with {@code :resolved} for the resolution. */
  public static String changeKey(String alertId, boolean resolved) {
    return resolved ? alertId + RESOLVED_SUFFIX : alertId;
  }

  /** The change key of a webhook's Idempotency-Key ({@code alertId:subscriptionId[:resolved]}). */
  public static String changeKey(String idempotencyKey, String subscriptionId) {
    boolean resolved = idempotencyKey.endsWith(RESOLVED_SUFFIX);
    String rest = resolved
        ? idempotencyKey.substring(0, idempotencyKey.length() - RESOLVED_SUFFIX.length())
        : idempotencyKey;
    String suffix = ":" + subscriptionId;
    return changeKey(rest.endsWith(suffix) ? rest.substring(0, rest.length() - suffix.length()) : rest, resolved);
  }

  /** Counts of the outstanding alerts by reason. */
  public record Report(int outstanding, int notInTopic, int notYetRead, int retrying, int deadLettered,
      long notifierLag) {

    public String describe() {
      if (outstanding == 0) {
        return "none outstanding";
      }
      return outstanding + " outstanding: " + notInTopic + " not in the committed alerts topic (ClickHouse only), "
          + notYetRead + " not yet attempted (notifier lag " + notifierLag + " offsets), " + retrying
          + " attempted and being retried, " + deadLettered + " dead-lettered";
    }
  }

  private OutstandingAlerts() {
  }

  public static Report explain(Set<String> expected, Set<String> delivered, String bootstrap, String alertsTopic,
      String notifierGroup, Client client, String db, String subscriptionId) {
    Set<String> outstanding = new HashSet<>(expected);
    outstanding.removeAll(delivered);
    if (outstanding.isEmpty()) {
      return new Report(0, 0, 0, 0, 0, 0);
    }
    Set<String> inTopic = new HashSet<>();
    long lag = readRaised(bootstrap, alertsTopic, notifierGroup, inTopic);
    Map<String, String> attempts = new HashMap<>();
    for (Map<String, Object> row : ClickHouseQueries.rows(client, "SELECT alert_id, toString(change) AS change,"
        + " toString(max(status)) AS status FROM " + db + ".alert_deliveries WHERE subscription_id = "
        + ClickHouseQueries.quote(subscriptionId) + " AND change IN ('raised', 'resolved')"
        + " GROUP BY alert_id, change FORMAT JSONEachRow")) {
      attempts.put(changeKey(String.valueOf(row.get("alert_id")), "resolved".equals(row.get("change"))),
          String.valueOf(row.get("status")));
    }
    int notInTopic = 0;
    int notYetRead = 0;
    int retrying = 0;
    int dead = 0;
    for (String id : outstanding) {
      String status = attempts.get(id);
      if (!inTopic.contains(id)) {
        notInTopic++;
      } else if (status == null) {
        notYetRead++;
      } else if (status.equals("dead_lettered")) {
        dead++;
      } else {
        retrying++;
      }
    }
    return new Report(outstanding.size(), notInTopic, notYetRead, retrying, dead, lag);
  }

  /** Collects the change keys of the alerts in the committed topic; returns how many offsets the group has not committed. */
  private static long readRaised(String bootstrap, String topic, String group, Set<String> into) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", group); // only to read the notifier's committed offsets; this consumer never commits
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Alert a = ALERTS.decode(r.value());
          into.add(changeKey(a.getAlertId(), a.getStatus() == AlertStatus.RESOLVED));
        }
      }
      var committed = consumer.committed(new HashSet<>(partitions));
      long lag = 0;
      for (TopicPartition tp : partitions) {
        var offset = committed.get(tp);
        lag += end.get(tp) - (offset == null ? 0 : offset.offset());
      }
      return lag;
    }
  }
}
