package org.learnstream.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {

  private static final ClusterLayout LAYOUT = ClusterLayout.usualPorts(Path.of("/srv/cluster"))
      .withClickHouseUrl("http://127.0.0.1:8123");

  @Test
  void flinkListensOnTheLayoutsPortsAndKeepsSnapshotsInTheSharedDirectory() {
    Map<String, String> s = new FlinkClusterConfig(LAYOUT).settings();

    assertThat(s).containsEntry("jobmanager.rpc.port", "6123").containsEntry("rest.port", "8081")
        .containsEntry("taskmanager.numberOfTaskSlots", "2")
        .containsEntry("execution.checkpointing.dir", "file:///srv/cluster/checkpoints")
        .containsEntry("execution.checkpointing.savepoint-dir", "file:///srv/cluster/savepoints");
  }

  @Test
  void taskManagerFlagsAreDerivedFromItsProcessSizeAsTheStartScriptDoes() {
    FlinkClusterConfig config = new FlinkClusterConfig(LAYOUT);

    assertThat(config.taskManagerJvmFlags()).anyMatch(f -> f.startsWith("-Xmx"))
        .anyMatch(f -> f.startsWith("-XX:MaxMetaspaceSize="));
    List<String> dynamic = config.taskManagerDynamicProperties();
    assertThat(dynamic).contains("-D").anyMatch(p -> p.startsWith("taskmanager.memory.managed.size=134217728b"));
    // many submissions to one JobManager: its metaspace is raised from Flink's 256 MB
    assertThat(config.jobManagerJvmFlags()).anyMatch(f -> f.startsWith("-Xmx"))
        .contains("-XX:MaxMetaspaceSize=536870912");
  }

  @Test
  void configurationFileHoldsEverySettingAndTheLoggingFile(@TempDir Path dir) throws Exception {
    ClusterLayout layout = ClusterLayout.usualPorts(dir);
    Path conf = new FlinkClusterConfig(layout).write();

    assertThat(Files.readAllLines(conf.resolve("config.yaml"))).contains("rest.port: 8081",
        "taskmanager.load-balance.mode: SLOTS");
    assertThat(Files.readString(conf.resolve("log4j2.properties"))).contains("${sys:log.file}");
  }

  @Test
  void everyBrokerIsAVoterOfOneQuorumWithThreeReplicasAndTwoInSync() {
    Map<String, String> node2 = new BrokerConfig(LAYOUT).properties(2);

    assertThat(node2).containsEntry("node.id", "2")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:19192,2@127.0.0.1:19193,3@127.0.0.1:19194")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19093,CONTROLLER://127.0.0.1:19193")
        .containsEntry("default.replication.factor", "3").containsEntry("min.insync.replicas", "2")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("log.dirs", "/srv/cluster/kafka-2/logs");
  }

  @Test
  void aWrittenLayoutIsReadBackAsItWas(@TempDir Path dir) {
    ClusterLayout layout = ClusterLayout.freePorts(dir).withClickHouseUrl("http://127.0.0.1:9999");
    layout.write();

    assertThat(ClusterLayout.read(dir)).isEqualTo(layout);
  }

  @Test
  void aPortInUseIsNamedWithWhatWouldListenThere(@TempDir Path dir) throws Exception {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ClusterLayout free = ClusterLayout.freePorts(dir);
      ClusterLayout layout = new ClusterLayout(dir, free.jobManagerRpcPort(), socket.getLocalPort(),
          free.brokerPorts(), free.controllerPorts(), free.endpointPort(), null, 2, 2);

      assertThat(layout.takenPorts()).containsExactly("port " + socket.getLocalPort() + " (Flink web UI) is taken");
    }
  }

  @Test
  void pipelineSettingsNameTheClusterAndARunsOwnTopicsButNoSecret() {
    List<String> lines = ClusterUp.settings(LAYOUT, "run7.", 4);

    assertThat(lines).contains("kafka.bootstrap-servers: \"127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094\"",
        "clickhouse.url: \"http://127.0.0.1:8123\"", "pipeline.parallelism: 4", "kafka.topic-prefix: \"run7.\"")
        .noneMatch(l -> l.contains("password"));
  }
}
