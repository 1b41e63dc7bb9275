package org.learnstream.pipeline.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The erasure ledger: the compacted topic {@code learner.erasures} (one partition), one entry per erased learner.
 * An erasure is appended here before any row is deleted; the job reads the ledger to clear the learner's state and
 * drop their statements, and replay reads it to leave them out. The job's reader commits its offset with each
 * completed checkpoint, so an offset committed past an entry means every operator has applied it.
 */
public final class ErasureLedger {

  private static final int PARTITION = 0;

  /** No job has applied the entry in time: the rows were not touched. */
  public static final class NotApplied extends IllegalStateException {
    NotApplied(String message) {
      super(message);
    }
  }

  private final String bootstrap;
  private final String topic;

  /** The ledger on the Kafka at {@code bootstrap}, topic {@code topic} (with the installation's prefix). */
  public ErasureLedger(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }

  /** Creates the compacted topic when it does not exist yet (an installation that predates it). */
  public ErasureLedger ensureTopic() {
    TopicAdmin.ensure(bootstrap, List.of(new TopicSpec(topic, 1, true, Optional.empty())));
    return this;
  }

  /** The consumer group of the job's ledger reader, from the job's {@code pipeline.consumer-group}. */
  public static String jobGroup(String consumerGroup) {
    return consumerGroup + "-" + Topics.LEARNER_ERASURES;
  }

  /**
   * What an erasure does before it deletes rows: append the request, then, unless {@code jobGroup} is null (erase
   * without the job), wait up to {@code timeout} for the job to have applied it. Answers what the receipt says of the
   * job's state.
   */
  public String recordAndAwait(ErasureRequest request, String jobGroup, Duration timeout) {
    return awaitUnlessWithoutJob(append(request), jobGroup, timeout);
  }

  /** The entry the job applies for an erasure (its id and request time are the receipt's), and the job's state. */
  public record Recorded(ErasureRequest request, String jobState) {
  }

  /**
   * As {@link #recordAndAwait}, except when the ledger's latest entry of the learner is an erasure not completed yet
   * ({@code completed} answers false, e.g. no receipt has its id): that entry is awaited instead of appending
   * {@code request}. So erase run again after its wait failed (the job stayed away longer than the timeout) finishes
   * the erasure the first run started, under its id and request time: one entry, one receipt. A new request takes
   * over the statements of other actors that the learner's earlier erasure named, since compaction keeps only the
   * latest entry of a learner. The ledger's entries that still name their learner by pseudonym are written again
   * first ({@link #rewriteLegacyEntries}), from the same read.
   */
  public Recorded recordOrResume(ErasureRequest request, Predicate<ErasureRequest> completed, String jobGroup,
      Duration timeout) {
    Read ledger = read();
    rewrite(ledger.legacy());
    Optional<Entry> latest = Optional.ofNullable(ledger.latest().get(request.key()));
    Optional<Entry> unfinished = latest.filter(entry -> !completed.test(entry.request()));
    if (unfinished.isEmpty()) {
      ErasureRequest carried = latest.map(entry -> request.withStatements(entry.request().statementIds()))
          .orElse(request);
      return new Recorded(carried, recordAndAwait(carried, jobGroup, timeout));
    }
    return new Recorded(unfinished.get().request(), awaitUnlessWithoutJob(unfinished.get().offset(), jobGroup, timeout)
        + "; the entry of an earlier erase of the learner that did not complete");
  }

  private String awaitUnlessWithoutJob(long offset, String jobGroup, Duration timeout) {
    if (jobGroup == null) {
      return "not waited for (without the job): the job clears the learner when it reads entry " + offset + " of "
          + topic;
    }
    awaitApplied(jobGroup, offset, timeout);
    return "cleared by the running job (entry " + offset + " of " + topic + ", applied by consumer group " + jobGroup
        + ")";
  }

  /**
   * Appends the request (acknowledged by every in-sync replica) and answers its offset; creates the compacted topic
   * on an installation that predates it.
   */
  public long append(ErasureRequest request) {
    ensureTopic();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      RecordMetadata written = producer
          .send(new ProducerRecord<>(topic, PARTITION, request.key(), request.toJson())).get(30, TimeUnit.SECONDS);
      return written.offset();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not append the erasure to " + topic + " on Kafka at " + bootstrap
          + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while appending the erasure to " + topic, e);
    }
  }

  /**
   * Waits until the consumer group {@code group} (the job's reader of the ledger) has committed past
   * {@code offset}, polling every 200 ms; fails with what to do when it has not within {@code timeout}.
   */
  public void awaitApplied(String group, long offset, Duration timeout) {
    TopicPartition partition = new TopicPartition(topic, PARTITION);
    Instant deadline = Instant.now().plus(timeout);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long committed = -1;
      while (true) {
        OffsetAndMetadata at = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS).get(partition);
        committed = at == null ? -1 : at.offset();
        if (committed > offset) {
          return;
        }
        if (Instant.now().isAfter(deadline)) {
          throw new NotApplied("no running job has applied the erasure within " + timeout + ": consumer group "
              + group + " has " + (committed < 0 ? "committed nothing" : "committed offset " + committed)
              + " of " + topic + ", the erasure is at offset " + offset + "; start the pipeline (learnstream run or "
              + "serve) and run erase again, or erase with --without-job (the job clears the learner when it next "
              + "starts, as the erasure stays in the ledger)");
        }
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // the polling pace of the group's offsets
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not read the offsets of consumer group " + group + " on Kafka at "
          + bootstrap + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the job to apply the erasure", e);
    }
  }

  /** Every learner in the ledger with their latest request, read from the start to the current end. */
  public List<ErasureRequest> entries() {
    return read().latest().values().stream().map(Entry::request).toList();
  }

  /** A request at its offset in the ledger. */
  private record Entry(ErasureRequest request, long offset) {
  }

  /**
   * The ledger as one read from the start to the current end sees it: the latest entry per learner key, and the
   * latest value of each record key that still names its learner by pseudonym (an entry written before digests).
   */
  private record Read(Map<String, Entry> latest, Map<String, byte[]> legacy) {
  }

  private Read read() {
    Map<String, Entry> latest = new LinkedHashMap<>();
    Map<String, byte[]> legacy = new LinkedHashMap<>();
    readAll(record -> {
      legacy.remove(record.key());
      if (record.value() == null) {
        latest.remove(record.key());
      } else {
        ErasureRequest request = ErasureRequest.fromJson(record.value());
        latest.put(request.key(), new Entry(request, record.offset()));
        if (!record.key().equals(request.key())) { // written under tenant|pseudonym, before digests
          legacy.put(record.key(), record.value());
        }
      }
    });
    return new Read(latest, legacy);
  }

  /**
   * Writes every entry that still names its learner by pseudonym (written before the ledger named them by digest)
   * again under the digest, and a tombstone for its old key, so that compaction removes the pseudonym from the
   * topic; answers how many. The job reads the new entry as the erasure it already applied (same id and time).
   */
  public int rewriteLegacyEntries() {
    return rewrite(read().legacy());
  }

  /** {@link #rewriteLegacyEntries} of {@code legacy}: record key to its latest value. */
  private int rewrite(Map<String, byte[]> legacy) {
    if (legacy.isEmpty()) {
      return 0;
    }
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (Map.Entry<String, byte[]> old : legacy.entrySet()) {
        ErasureRequest request = ErasureRequest.fromJson(old.getValue());
        producer.send(new ProducerRecord<>(topic, PARTITION, request.key(), request.toJson()));
        producer.send(new ProducerRecord<>(topic, PARTITION, old.getKey(), null));
      }
      producer.flush();
    }
    return legacy.size();
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Every record of the ledger, from the start to the current end, in order. */
  private void readAll(Consumer<ConsumerRecord<String, byte[]>> each) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // a created topic would not be compacted
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      if (consumer.partitionsFor(topic, Duration.ofSeconds(30)).isEmpty()) {
        return; // no ledger yet: nobody was erased
      }
      TopicPartition partition = new TopicPartition(topic, PARTITION);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      long end = consumer.endOffsets(Set.of(partition), Duration.ofSeconds(30)).get(partition);
      Instant deadline = Instant.now().plusSeconds(60);
      while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("could not read " + topic + " to its end (offset " + end + ") on Kafka "
              + "at " + bootstrap + " within 60 s");
        }
        consumer.poll(Duration.ofMillis(500)).forEach(each);
      }
    }
  }
}
