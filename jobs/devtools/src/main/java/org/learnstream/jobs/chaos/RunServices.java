package org.learnstream.jobs.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.learnstream.pipeline.local.FreePorts;

/**
 * The Kafka and ClickHouse a scenario's runner works on: the suite's own, given to it by address, or the runner's
 * embedded runtime in {@code runtimeDir}. The embedded services' ports are chosen here and recorded in their data
 * directories, where the runtime picks them up at every start, so the suite knows where to send and read.
 */
record RunServices(String bootstrap, String clickHouseUrl, Path runtimeDir) {

  static RunServices given(String bootstrap, String clickHouseUrl) {
    return new RunServices(bootstrap, clickHouseUrl, null);
  }

  static RunServices embeddedIn(Path runtimeDir) {
    List<int[]> ports = FreePorts.keptApart(2, runtimeDir.resolve("kafka").resolve("ports"),
        runtimeDir.resolve("clickhouse").resolve("ports"));
    int[] kafka = ports.get(0);
    int[] clickHouse = ports.get(1);
    return new RunServices("127.0.0.1:" + kafka[0], "http://127.0.0.1:" + clickHouse[0], runtimeDir);
  }

  boolean embedded() {
    return runtimeDir != null;
  }

  /**
   * Until the runner's embedded runtime has created {@code topic}. A producer sending earlier meets a partition
   * that does not exist yet, and its idempotent retries of the first batch end up out of sequence for good.
   */
  void awaitTopic(String topic, RunnerProcess runner) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      while (!names(admin).contains(topic)) {
        if (System.nanoTime() > deadline || !runner.isAlive()) {
          throw new IllegalStateException("the runner's embedded runtime did not create " + topic + "; see "
              + runner.log());
        }
        Thread.sleep(250); // poll interval
      }
    }
  }

  private static Set<String> names(Admin admin) throws InterruptedException {
    try {
      return admin.listTopics().names().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException brokerNotUpYet) {
      return Set.of();
    }
  }
}
