package org.learnstream.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterCommandsTest {

  private static final List<String> CLASS_PATH = List.of("/d/learnstream-devtools-0.1.0.jar",
      "/d/lib/learnstream-flink-job-0.1.0.jar", "/d/lib/flink-runtime-2.2.1.jar",
      "/d/lib/flink-connector-kafka-5.0.0-2.2.jar", "/d/lib/flink-connector-datagen-2.2.1.jar",
      "/d/lib/flink-avro-2.2.1.jar", "/d/lib/avro-1.12.2.jar", "/d/lib/kafka-clients-4.2.2.jar",
      "/d/lib/kafka_2.13-4.2.2.jar", "/d/lib/commons-io-2.20.0.jar", "/d/target/classes");
  private static final ClusterCommands COMMANDS = new ClusterCommands("/jdk/bin/java", CLASS_PATH, null);
  private static final ClusterLayout LAYOUT = ClusterLayout.usualPorts(Path.of("/srv/cluster"));

  @Test
  void flinkProcessesGetFlinksJarsButNeitherTheJobNorWhatItsJarBundles() {
    assertThat(COMMANDS.flinkClassPath()).containsExactly("/d/lib/flink-runtime-2.2.1.jar",
        "/d/lib/flink-connector-datagen-2.2.1.jar", "/d/lib/commons-io-2.20.0.jar");
    assertThat(COMMANDS.hasWebUi()).isFalse();
  }

  @Test
  void aTaskManagerStartsTheRunnerWithItsIdAndMemorySizes() {
    List<String> c = COMMANDS.taskManager(new FlinkClusterConfig(LAYOUT), LAYOUT.flinkConfDir(), "tm-2",
        LAYOUT.logDir().resolve("tm-2.log"));

    assertThat(c.get(0)).isEqualTo("/jdk/bin/java");
    assertThat(c).contains(ClusterCommands.TASK_MANAGER_CLASS, "--configDir", "/srv/cluster/flink-conf",
        "taskmanager.resource-id=tm-2", "-Dlog.file=/srv/cluster/log/tm-2.log",
        "--add-opens=java.base/java.util=ALL-UNNAMED").anyMatch(a -> a.startsWith("-Xmx"))
        .anyMatch(a -> a.startsWith("taskmanager.memory.network.min="));
    assertThat(c.indexOf(ClusterCommands.TASK_MANAGER_CLASS)).isGreaterThan(c.indexOf("-cp"));
  }

  @Test
  void aBrokerRunsKafkaFromTheWholeClassPathWithItsPropertiesFile() {
    List<String> c = COMMANDS.broker(Path.of("/srv/cluster/kafka-1/server.properties"),
        Path.of("/srv/cluster/flink-conf/log4j2.properties"), Path.of("/srv/cluster/log/kafka-1.log"));

    assertThat(c.subList(c.size() - 2, c.size())).containsExactly("kafka.Kafka",
        "/srv/cluster/kafka-1/server.properties");
    assertThat(c.get(c.indexOf("-cp") + 1)).contains("kafka_2.13-4.2.2.jar");
  }

  @Test
  void submittingIsFlinkRunDetachedWithTheJobClassTheJarAndTheSettings() {
    List<String> args = FlinkClient.runArguments(Path.of("/b/job-flink.jar"), Path.of("/srv/cluster/l.yaml"),
        "file:/srv/cluster/savepoints/savepoint-1");

    assertThat(args).containsExactly("run", "-d", "-s", "file:/srv/cluster/savepoints/savepoint-1", "-c",
        FlinkClient.JOB_CLASS, "/b/job-flink.jar", "--config", "/srv/cluster/l.yaml");
  }

  @Test
  void theClientsAnswersGiveTheJobIdAndTheSavepointPath() {
    assertThat(FlinkClient.jobId("Job has been submitted with JobID 6828bbfe01149e1b436c095df6f1de7e\n"))
        .isEqualTo("6828bbfe01149e1b436c095df6f1de7e");
    assertThat(FlinkClient.savepointPath("Suspending job \"x\" with a savepoint.\n"
        + "Savepoint completed. Path: file:/srv/cluster/savepoints/savepoint-6828bb-1a2b3c\n"))
        .isEqualTo("file:/srv/cluster/savepoints/savepoint-6828bb-1a2b3c");
    assertThatThrownBy(() -> FlinkClient.jobId("The program finished with the following exception"))
        .hasMessageContaining("printed no job id");
  }
}
