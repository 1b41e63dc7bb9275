package org.learnstream.pipeline.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Retention on Kafka. A topic holds every tenant's records, so its {@code retention.ms} is the longest window of
 * any tenant. The broker deletes only whole segments once their newest record has passed it; a retention run
 * deletes exactly the records dated before the cutoff ({@code deleteRecords} up to the first offset at or after it,
 * found by record timestamp), so that what is gone can be counted.
 */
public final class TopicRetention {

  private static final long TIMEOUT_SECONDS = 60;

  public enum Action {
    SET_RETENTION, DELETE_RECORDS,
    /** Records past the window that the topic's reader has not read yet: kept, nothing accepted is lost. */
    KEEP_UNREAD
  }

  /**
   * One change to a topic: its {@code retention.ms} set ({@code partition} -1), or the records of one partition
   * before {@code beforeOffset} deleted ({@code records} of them, counted in offsets: transaction markers included),
   * or {@code records} past the window kept from {@code beforeOffset} on because they are unread.
   */
  public record Step(String topic, Action action, int partition, long records, long beforeOffset, Instant cutoff,
      Duration retention) {
  }

  private TopicRetention() {
  }

  /**
   * The topics' layout with the retention windows in force: raw statements ({@code xapi.statements}, the original
   * bytes in {@code dead.letters}) keep {@code statements}, the event log {@code events}; the other topics that
   * carry learners' records keep their own shorter transport window, at most {@code events}. Compacted topics hold
   * no learner's statements (the erasure ledger holds pseudonyms only) and keep what they have. Names are matched without {@code prefix}.
   */
  public static List<TopicSpec> withWindows(List<TopicSpec> specs, String prefix, Duration statements,
      Duration events) {
    return specs.stream().map(spec -> {
      if (spec.compacted()) {
        return spec;
      }
      String base = spec.name().startsWith(prefix) ? spec.name().substring(prefix.length()) : spec.name();
      Duration window = switch (base) {
        case Topics.XAPI_STATEMENTS, Topics.DEAD_LETTERS -> statements;
        case Topics.LEARNING_EVENTS -> events;
        default -> spec.retention().filter(own -> own.compareTo(events) < 0).orElse(events);
      };
      return new TopicSpec(spec.name(), spec.partitions(), false, Optional.of(window));
    }).toList();
  }

  /**
   * What a run at {@code now} changes on the topics of {@code specs} that exist; topics not there are skipped. A
   * topic named in {@code readBy} loses only records its consumer group has committed (for the pipeline's input, the
   * records whose events are in the event log); the others past the window wait for a later run.
   */
  public static List<Step> plan(Admin admin, List<TopicSpec> specs, Instant now, Map<String, String> readBy) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<Step> steps = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (spec.compacted() || spec.retention().isEmpty() || !existing.contains(spec.name())) {
          continue;
        }
        Duration window = spec.retention().get();
        Instant cutoff = now.minus(window);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        ConfigEntry current = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .get(resource).get("retention.ms");
        if (current == null || !String.valueOf(window.toMillis()).equals(current.value())) {
          steps.add(new Step(spec.name(), Action.SET_RETENTION, -1, 0, -1, cutoff, window));
        }
        int partitions = admin.describeTopics(List.of(spec.name())).allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(spec.name()).partitions().size();
        Map<TopicPartition, OffsetAndMetadata> read = readBy.containsKey(spec.name())
            ? admin.listConsumerGroupOffsets(readBy.get(spec.name())).partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            : null;
        for (int p = 0; p < partitions; p++) {
          TopicPartition tp = new TopicPartition(spec.name(), p);
          long earliest = offset(admin, tp, OffsetSpec.earliest());
          long atCutoff = offset(admin, tp, OffsetSpec.forTimestamp(cutoff.toEpochMilli()));
          long expired = atCutoff >= 0 ? atCutoff : offset(admin, tp, OffsetSpec.latest());
          long before = read == null ? expired : Math.min(expired, committed(read, tp, earliest));
          if (before > earliest) {
            steps.add(new Step(spec.name(), Action.DELETE_RECORDS, p, before - earliest, before, cutoff, window));
          }
          if (expired > Math.max(before, earliest)) {
            steps.add(new Step(spec.name(), Action.KEEP_UNREAD, p, expired - Math.max(before, earliest),
                Math.max(before, earliest), cutoff, window));
          }
        }
      }
      return steps;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Reading the topics' retention failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the topics' retention", e);
    }
  }

  /** Carries out one step; returns the partition's first offset after it (0 for a retention setting). */
  public static long apply(Admin admin, Step step) {
    if (step.action() == Action.KEEP_UNREAD) {
      return step.beforeOffset();
    }
    try {
      if (step.action() == Action.SET_RETENTION) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, step.topic());
        Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(resource, List.of(new AlterConfigOp(
            new ConfigEntry("retention.ms", String.valueOf(step.retention().toMillis())), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(change).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return 0;
      }
      TopicPartition tp = new TopicPartition(step.topic(), step.partition());
      return admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(step.beforeOffset()))).lowWatermarks()
          .get(tp).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).lowWatermark();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Changing topic " + step.topic() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while changing topic " + step.topic(), e);
    }
  }

  private static long committed(Map<TopicPartition, OffsetAndMetadata> read, TopicPartition tp, long earliest) {
    OffsetAndMetadata offset = read.get(tp);
    return offset == null ? earliest : offset.offset();
  }

  private static long offset(Admin admin, TopicPartition tp, OffsetSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, ListOffsetsResultInfo> offsets = admin.listOffsets(Map.of(tp, spec)).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return offsets.get(tp).offset();
  }
}
