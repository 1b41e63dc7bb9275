package org.learnstream.pipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of a KRaft node that is both broker and controller, listening on 127.0.0.1: the
 * embedded single-node broker's and each node of the one-machine Kafka cluster. Sized for a 2-core machine shared
 * with Flink and ClickHouse.
 */
public final class KRaftNodeProperties {

  private KRaftNodeProperties() {
  }

  /**
   * @param voters the quorum, e.g. {@code 1@127.0.0.1:9093,2@127.0.0.1:9094}
   * @param replicas replication factor of every topic, the internal ones included
   * @param minInSync {@code min.insync.replicas} of every topic and of the transaction log
   * @param internalPartitions partitions of the consumer offsets and transaction log topics
   */
  public static Map<String, String> of(int nodeId, int brokerPort, int controllerPort, String voters, Path logDir,
      int replicas, int minInSync, int internalPartitions) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", voters);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", Integer.toString(replicas));
    p.put("min.insync.replicas", Integer.toString(minInSync));
    p.put("offsets.topic.replication.factor", Integer.toString(replicas));
    p.put("offsets.topic.num.partitions", Integer.toString(internalPartitions));
    p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
    p.put("transaction.state.log.min.isr", Integer.toString(minInSync));
    p.put("transaction.state.log.num.partitions", Integer.toString(internalPartitions));
    p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
    p.put("share.coordinator.state.topic.min.isr", Integer.toString(minInSync));
    p.put("group.initial.rebalance.delay.ms", "0");
    // Flink's exactly-once sink asks for transaction timeouts up to 15 min; leave headroom.
    p.put("transaction.max.timeout.ms", String.valueOf(Duration.ofHours(1).toMillis()));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return p;
  }
}
