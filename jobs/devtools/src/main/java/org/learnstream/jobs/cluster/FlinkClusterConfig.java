package org.learnstream.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The Flink session cluster's {@code config.yaml} and the JVM flags of its processes, as the distribution's
 * {@code bin/} scripts derive them from that file (what {@code BashJavaUtils} prints for them).
 */
public final class FlinkClusterConfig {

  /** Sized for a shared 2-core machine: the job's state is small (heap backend, or RocksDB in managed memory). */
  static final MemorySize JOB_MANAGER_PROCESS = MemorySize.parse("1024m");
  static final MemorySize TASK_MANAGER_PROCESS = MemorySize.parse("1280m");
  static final MemorySize TASK_MANAGER_MANAGED = MemorySize.parse("128m");
  /**
   * Each submission loads the job's classes again (the Kafka client among them), and not all of a cancelled job's
   * are freed: with Flink's 256 MB the JobManager ran out of metaspace after about a dozen submissions.
   */
  static final MemorySize JOB_MANAGER_METASPACE = MemorySize.parse("512m");
  static final MemorySize TASK_MANAGER_METASPACE = MemorySize.parse("384m");
  /** A TaskManager lost without a goodbye (SIGKILL, a machine gone) is declared dead after this. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterLayout layout;

  public FlinkClusterConfig(ClusterLayout layout) {
    this.layout = layout;
  }

  /** Every setting of the cluster's {@code config.yaml}, by Flink's own option keys. */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    put(s, JobManagerOptions.ADDRESS, "127.0.0.1");
    put(s, JobManagerOptions.BIND_HOST, "127.0.0.1");
    put(s, JobManagerOptions.PORT, Integer.toString(layout.jobManagerRpcPort()));
    put(s, JobManagerOptions.TOTAL_PROCESS_MEMORY, JOB_MANAGER_PROCESS.toString());
    put(s, JobManagerOptions.JVM_METASPACE, JOB_MANAGER_METASPACE.toString());
    put(s, RestOptions.ADDRESS, "127.0.0.1");
    put(s, RestOptions.BIND_ADDRESS, "127.0.0.1");
    put(s, RestOptions.PORT, Integer.toString(layout.flinkUiPort()));
    put(s, TaskManagerOptions.HOST, "127.0.0.1");
    put(s, TaskManagerOptions.BIND_HOST, "127.0.0.1");
    put(s, TaskManagerOptions.NUM_TASK_SLOTS, Integer.toString(layout.slotsPerTaskManager()));
    put(s, TaskManagerOptions.TOTAL_PROCESS_MEMORY, TASK_MANAGER_PROCESS.toString());
    put(s, TaskManagerOptions.MANAGED_MEMORY_SIZE, TASK_MANAGER_MANAGED.toString());
    put(s, TaskManagerOptions.JVM_METASPACE, TASK_MANAGER_METASPACE.toString());
    // a job at parallelism 2 gets one slot on each TaskManager: losing one of them is losing part of the job
    put(s, TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE, "SLOTS");
    put(s, HeartbeatManagerOptions.HEARTBEAT_INTERVAL, "2000");
    put(s, HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Long.toString(HEARTBEAT_TIMEOUT.toMillis()));
    put(s, CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(layout.checkpointDir()));
    put(s, CheckpointingOptions.SAVEPOINT_DIRECTORY, uri(layout.savepointDir()));
    // jobs come through the client (flink run), as on a district's cluster; the UI only shows them
    put(s, WebOptions.SUBMIT_ENABLE, "false");
    return s;
  }

  /** A file URI without the trailing slash an existing directory's URI has: the same text before and after. */
  static String uri(Path dir) {
    return dir.toAbsolutePath().toUri().toString().replaceAll("/$", "");
  }

  private static void put(Map<String, String> s, ConfigOption<?> option, String value) {
    s.put(option.key(), value);
  }

  /** Writes {@code config.yaml} and the processes' logging settings into the configuration directory. */
  public Path write() {
    Path dir = layout.flinkConfDir();
    try {
      Files.createDirectories(dir);
      List<String> lines = new ArrayList<>();
      settings().forEach((key, value) -> lines.add(key + ": " + yamlScalar(value)));
      Files.write(dir.resolve("config.yaml"), lines);
      Files.writeString(dir.resolve("log4j2.properties"), LOGGING);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Flink configuration in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String yamlScalar(String value) {
    return value.matches("[A-Za-z0-9._/:-]+") && !value.contains(": ") ? value : "\"" + value + "\"";
  }

  /** The JobManager's JVM flags ({@code -Xmx}, metaspace, direct memory) from its process size. */
  public List<String> jobManagerJvmFlags() {
    Configuration config = Configuration.fromMap(settings());
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(config);
    return split(JobManagerProcessUtils.generateJvmParametersStr(spec, config));
  }

  /** A TaskManager's JVM flags from its process size, as the start script computes them. */
  public List<String> taskManagerJvmFlags() {
    return split(ProcessMemoryUtils.generateJvmParametersStr(taskManagerSpec()));
  }

  /** The memory sizes a TaskManager must be told as dynamic properties ({@code -D key=value} pairs). */
  public List<String> taskManagerDynamicProperties() {
    return split(TaskExecutorProcessUtils.generateDynamicConfigsStr(taskManagerSpec()));
  }

  private TaskExecutorProcessSpec taskManagerSpec() {
    return TaskExecutorProcessUtils.processSpecFromConfig(Configuration.fromMap(settings()));
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.strip().split("\\s+")).filter(f -> !f.isEmpty()).toList();
  }

  /** Each process logs to the file given by {@code -Dlog.file}, Flink's convention, at INFO. */
  static final String LOGGING = String.join("\n",
      "rootLogger.level = INFO",
      "rootLogger.appenderRef.file.ref = MainAppender",
      "appender.main.name = MainAppender",
      "appender.main.type = File",
      "appender.main.append = true",
      "appender.main.fileName = ${sys:log.file}",
      "appender.main.layout.type = PatternLayout",
      "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
      "logger.kafka.name = org.apache.kafka",
      "logger.kafka.level = WARN",
      "");
}
