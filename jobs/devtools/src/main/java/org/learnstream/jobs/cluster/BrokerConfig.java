package org.learnstream.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code server.properties} of one broker of the cluster's Kafka: KRaft, each node both broker and controller
 * (a quorum of three outlives one lost node), replication factor 3 and {@code min.insync.replicas} 2 for every topic,
 * including the consumer offsets and the transaction log, so a write acknowledged by {@code acks=all} is on two
 * brokers at least.
 */
public final class BrokerConfig {

  public static final int REPLICATION_FACTOR = 3;
  public static final int MIN_IN_SYNC_REPLICAS = 2;

  private final ClusterLayout layout;

  public BrokerConfig(ClusterLayout layout) {
    this.layout = layout;
  }

  /** The properties of node {@code node} (1-based). */
  public Map<String, String> properties(int node) {
    int brokerPort = layout.brokerPorts().get(node - 1);
    int controllerPort = layout.controllerPorts().get(node - 1);
    String voters = IntStream.rangeClosed(1, layout.brokerPorts().size())
        .mapToObj(n -> n + "@127.0.0.1:" + layout.controllerPorts().get(n - 1)).collect(Collectors.joining(","));
    String replicas = Integer.toString(Math.min(REPLICATION_FACTOR, layout.brokerPorts().size()));
    String minIsr = Integer.toString(Math.min(MIN_IN_SYNC_REPLICAS, layout.brokerPorts().size()));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(node));
    p.put("controller.quorum.voters", voters);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir(node).toAbsolutePath().toString());
    p.put("auto.create.topics.enable", "false");
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", replicas);
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("unclean.leader.election.enable", "false");
    // few internal partitions: fewer leaders to move when a broker goes
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Flink's exactly-once sink asks for transaction timeouts up to 15 min; leave headroom
    p.put("transaction.max.timeout.ms", Long.toString(Duration.ofHours(1).toMillis()));
    // sized for a shared 2-core machine
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.replica.fetchers", "1");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    return p;
  }

  public Path logDir(int node) {
    return layout.brokerDir(node).resolve("logs");
  }

  public Path propertiesFile(int node) {
    return layout.brokerDir(node).resolve("server.properties");
  }

  /** Writes node {@code node}'s properties file; returns it. */
  public Path write(int node) {
    Path file = propertiesFile(node);
    Properties props = new Properties();
    props.putAll(properties(node));
    try {
      Files.createDirectories(file.getParent());
      try (Writer w = Files.newBufferedWriter(file)) {
        props.store(w, "learnstream cluster: Kafka node " + node);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
