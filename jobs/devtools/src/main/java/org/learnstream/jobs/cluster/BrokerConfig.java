package org.learnstream.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.learnstream.pipeline.local.KRaftNodeProperties;

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
    int replicas = Math.min(REPLICATION_FACTOR, layout.brokerPorts().size());
    Map<String, String> p = KRaftNodeProperties.of(node, brokerPort, controllerPort, voters,
        logDir(node).toAbsolutePath(), replicas, Math.min(MIN_IN_SYNC_REPLICAS, replicas), 4);
    p.put("unclean.leader.election.enable", "false");
    p.put("num.replica.fetchers", "1");
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
