package org.learnstream.pipeline.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics; safe to run at every start. */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private TopicAdmin() {
  }

  public static List<String> ensure(String bootstrapServers, List<TopicSpec> specs) {
    return ensure(bootstrapServers, specs, DEFAULT_TIMEOUT);
  }

  /**
   * Creates every topic in {@code specs} that does not exist yet (replication factor: broker default), and returns
   * once every partition of the topics it created has a leader. Existing topics keep their layout, but one that takes
   * smaller records than {@link TopicSpec#MAX_MESSAGE_BYTES} is raised to it: the job's producers send records that
   * large (dead letters of the largest records a producer may write), and a record its topic refuses would fail the job
   * at every restart.
   *
   * @return the names of the topics this call created
   * @throws KafkaUnavailableException when the brokers at {@code bootstrapServers} do not answer in time
   */
  public static List<String> ensure(String bootstrapServers, List<TopicSpec> specs, Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = specs.stream()
          .filter(spec -> !existing.contains(spec.name()))
          .map(spec -> new NewTopic(spec.name(), java.util.Optional.of(spec.partitions()), java.util.Optional.empty())
              .configs(spec.configs()))
          .toList();
      List<String> created = new ArrayList<>();
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : admin.createTopics(missing).values()
          .entrySet()) {
        try {
          result.getValue().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
          created.add(result.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Could not create topic " + result.getKey() + " on Kafka at "
                + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, created, deadline);
      raiseMaxMessageBytes(admin, specs.stream().map(TopicSpec::name).filter(existing::contains).toList(), deadline);
      return created;
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(bootstrapServers, timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new KafkaUnavailableException(bootstrapServers, timeout, e.getCause());
      }
      throw new IllegalStateException("Listing topics on Kafka at " + bootstrapServers + " failed: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics on Kafka at " + bootstrapServers, e);
    }
  }

  /**
   * Raises {@code max.message.bytes} to {@link TopicSpec#MAX_MESSAGE_BYTES} on each of {@code topics} that takes less
   * (topics created before the pipeline's topics took 2 MiB records, or by hand); a larger setting is kept.
   */
  private static void raiseMaxMessageBytes(Admin admin, List<String> topics, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<ConfigResource> resources = topics.stream()
        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
        .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    Map<ConfigResource, Collection<AlterConfigOp>> raises = new LinkedHashMap<>();
    for (Map.Entry<ConfigResource, Config> topic : configs.entrySet()) {
      ConfigEntry entry = topic.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (entry != null && Long.parseLong(entry.value()) < TopicSpec.MAX_MESSAGE_BYTES) {
        LOG.info("Raising max.message.bytes of topic {} from {} to {}", topic.getKey().name(), entry.value(),
            TopicSpec.MAX_MESSAGE_BYTES);
        raises.put(topic.getKey(), List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
            String.valueOf(TopicSpec.MAX_MESSAGE_BYTES)), AlterConfigOp.OpType.SET)));
      }
    }
    if (raises.isEmpty()) {
      return;
    }
    try {
      admin.incrementalAlterConfigs(raises).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not raise max.message.bytes to " + TopicSpec.MAX_MESSAGE_BYTES
          + " on topics " + raises.keySet().stream().map(ConfigResource::name).toList()
          + ", which the pipeline's producers need (grant AlterConfigs on them, or run kafka-configs --alter "
          + "--add-config max.message.bytes=" + TopicSpec.MAX_MESSAGE_BYTES + "): " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /**
   * Until every partition of {@code topics} has a leader. A producer that writes to a partition before it has one gets
   * a retriable error for its first batch, and a later batch can then reach the broker first: Kafka 4.2's broker takes
   * any first sequence number of a producer it holds no state for (KAFKA-15591), and refuses the retried first batch
   * for good. Kafka has no call that waits for leaders, so the topics are described again until they all have one.
   */
  private static void awaitLeaders(Admin admin, List<String> topics, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (!topics.isEmpty()) {
      if (led(admin, topics, deadline)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " without a leader");
      }
      Thread.sleep(50); // the broker's metadata is asked again; leaders are elected within milliseconds
    }
  }

  private static boolean led(Admin admin, List<String> topics, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return admin.describeTopics(topics).allTopicNames().get(remainingMs(deadline), TimeUnit.MILLISECONDS)
          .values().stream().flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RetriableException) {
        return false; // a topic just created is not yet in the metadata the broker answers from
      }
      throw e;
    }
  }

  private static long remainingMs(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
