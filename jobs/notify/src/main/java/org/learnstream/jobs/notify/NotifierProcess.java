package org.learnstream.jobs.notify;

import java.sql.SQLException;
import java.util.Optional;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.schemas.Alert;

/**
 * The notifier's loop: follows {@code alert.subscriptions} from the beginning, consumes committed {@code alerts}
 * (read_committed, so only alerts of completed Flink checkpoints), delivers, then commits the offsets. A restart
 * resumes from the committed offsets; alerts delivered before the crash are skipped through the delivery log.
 */
public final class NotifierProcess implements Runnable, AutoCloseable {

  private static final AvroCodec<Alert> ALERTS = AvroCodec.of(Alert.class);

  private final String bootstrap;
  private final String alertsTopic;
  private final String subscriptionsTopic;
  private final String groupId;
  private final AlertLearners learners;
  private final AlertNotifier notifier;
  private final DigestDelivery digests;
  private final AtomicBoolean running = new AtomicBoolean(true);

  /** A notifier of alerts that name their learners by pseudonym ({@link AlertLearners#WITHOUT_RECORDS}). */
  public NotifierProcess(String bootstrap, String alertsTopic, String subscriptionsTopic, String groupId,
      AlertNotifier notifier) {
    this(bootstrap, alertsTopic, subscriptionsTopic, groupId, AlertLearners.WITHOUT_RECORDS, notifier, null);
  }

  /**
   * @param learners names the learner of each alert read; an alert whose learner was erased is not delivered
   * @param digests sends the digest subscriptions' messages when their periods end; null for none
   */
  public NotifierProcess(String bootstrap, String alertsTopic, String subscriptionsTopic, String groupId,
      AlertLearners learners, AlertNotifier notifier, DigestDelivery digests) {
    this.bootstrap = bootstrap;
    this.alertsTopic = alertsTopic;
    this.subscriptionsTopic = subscriptionsTopic;
    this.groupId = groupId;
    this.learners = learners;
    this.notifier = notifier;
    this.digests = digests;
  }

  @Override
  public void run() {
    try (KafkaConsumer<String, byte[]> subs = SubscriptionStore.consumer(bootstrap);
        KafkaConsumer<String, byte[]> alerts = alertConsumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      subs.partitionsFor(subscriptionsTopic)
          .forEach(p -> partitions.add(new TopicPartition(subscriptionsTopic, p.partition())));
      subs.assign(partitions);
      subs.seekToBeginning(partitions);
      catchUp(subs, partitions);
      alerts.subscribe(List.of(alertsTopic));
      while (running.get()) {
        ConsumerRecords<String, byte[]> batch = alerts.poll(Duration.ofMillis(200));
        if (digests != null) {
          // Asks ClickHouse only when a digest period has ended since the last call.
          digests.deliverDue(System.currentTimeMillis(), notifier.subscriptions());
        }
        if (batch.isEmpty()) {
          follow(subs, Duration.ZERO);
          continue;
        }
        catchUp(subs, partitions);
        for (ConsumerRecord<String, byte[]> r : batch) {
          named(ALERTS.decode(r.value())).ifPresent(notifier::handle);
        }
        alerts.commitSync();
      }
    }
  }

  // the offsets are not committed: a restarted notifier reads the alert again
  private Optional<Alert> named(Alert alert) {
    try {
      return learners.named(alert);
    } catch (SQLException e) {
      throw new IllegalStateException("the learner records' database did not answer (SQLSTATE " + e.getSQLState()
          + ") for alert " + alert.getAlertId(), e);
    }
  }

  /** Applies subscription changes up to the end offsets, so an alert never meets an outdated subscription list. */
  private void catchUp(KafkaConsumer<String, byte[]> subs, List<TopicPartition> partitions) {
    var end = subs.endOffsets(partitions);
    while (partitions.stream().anyMatch(p -> subs.position(p) < end.get(p))) {
      follow(subs, Duration.ofMillis(100));
    }
  }

  private void follow(KafkaConsumer<String, byte[]> subs, Duration wait) {
    for (ConsumerRecord<String, byte[]> r : subs.poll(wait)) {
      notifier.apply(r.key(), SubscriptionStore.decode(r.value()));
    }
  }

  private KafkaConsumer<String, byte[]> alertConsumer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", groupId);
    p.put("enable.auto.commit", "false");
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_committed");
    p.put("max.poll.records", "100");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void close() {
    running.set(false);
  }
}
