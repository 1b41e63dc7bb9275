package org.learnstream.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process of the cluster that exits at start because its port was taken between the choice and the bind: the start
 * fails in a way that {@code cluster up} on free ports answers by starting again on other ports.
 */
class ClusterStartOnTakenPortsTest {

  private static final String KAFKA_BIND_FAILURE = """
      [2026-12-07 23:05:43,651] ERROR [ControllerServer id=3] Fatal error during controller startup. Prepare to shutdown
      org.apache.kafka.common.KafkaException: Socket server failed to bind to 127.0.0.1:45149: Address already in use.
      \tat kafka.network.Acceptor.openServerSocket(SocketServer.scala:725)
      Caused by: java.net.BindException: Address already in use
      \tat java.base/sun.nio.ch.Net.bind0(Native Method)
      """ + "\tat some.Frame(Source.java:1)\n".repeat(40);

  @Test
  void aBrokerThatExitedOnATakenPortFailsTheStartAsAPortTaken(@TempDir Path dir) throws Exception {
    LocalCluster cluster = clusterWithAnExitedBroker(dir, KAFKA_BIND_FAILURE);

    assertThatThrownBy(() -> cluster.await("the Kafka cluster", () -> false, "kafka-"))
        .isInstanceOf(PortTakenException.class)
        .hasMessageContaining("kafka-1 exited while waiting for the Kafka cluster");
  }

  @Test
  void aBrokerThatExitedForAnotherReasonFailsTheStartAsBefore(@TempDir Path dir) throws Exception {
    LocalCluster cluster = clusterWithAnExitedBroker(dir, "ERROR Exiting Kafka due to fatal exception\n"
        + "java.lang.IllegalArgumentException: requirement failed: advertised.listeners cannot use the nonroutable\n");

    assertThatThrownBy(() -> cluster.await("the Kafka cluster", () -> false, "kafka-"))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(PortTakenException.class)
        .hasMessageContaining("advertised.listeners cannot use the nonroutable");
  }

  private static LocalCluster clusterWithAnExitedBroker(Path dir, String log) throws Exception {
    ClusterLayout layout = ClusterLayout.freePorts(dir);
    LocalCluster cluster = new LocalCluster(layout, ClusterCommands.ofThisJvm(), line -> {
    });
    Process broker = new ProcessBuilder("sleep", "300").start();
    cluster.processes().record("kafka-1", broker.toHandle());
    broker.destroy();
    broker.waitFor();
    Files.createDirectories(layout.logDir());
    Files.writeString(layout.logDir().resolve("kafka-1.log"), log);
    return cluster;
  }
}
