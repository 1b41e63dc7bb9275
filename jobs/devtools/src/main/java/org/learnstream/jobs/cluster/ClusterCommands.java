package org.learnstream.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command lines of the cluster's processes: the classes the Flink distribution's {@code bin/} scripts start
 * (session entrypoint, TaskManager runner, CLI front end), Kafka's {@code kafka.Kafka}, and the {@code learnstream}
 * verbs {@code serve} and {@code notify}, each a JVM of its own.
 */
public final class ClusterCommands {

  static final String JOB_MANAGER_CLASS = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  static final String FLINK_CLIENT_CLASS = "org.apache.flink.client.cli.CliFrontend";
  static final String KAFKA_CLASS = "kafka.Kafka";
  /** Named as the launcher names it: the CLI module stays a process boundary for the tooling. */
  static final String CLI_CLASS = "org.learnstream.jobs.cli.LearnstreamCli";

  /** Flink's standard list for Java 17 (the distribution's {@code env.java.opts.all}), as in the launcher. */
  static final List<String> OPENED = List.of("java.util", "java.lang", "java.lang.reflect", "java.io", "java.net",
      "java.nio", "sun.nio.ch", "java.time", "java.util.concurrent", "java.util.concurrent.atomic");

  /**
   * Jars that a Flink distribution's {@code lib/} does not hold: the job's own code and what the {@code -flink.jar}
   * bundles. Flink loads {@code org.apache.flink.*} parent-first, so a connector on the cluster's class path would
   * be loaded there while the Kafka client it calls comes from the job's jar.
   */
  private static final Pattern NOT_IN_FLINK_LIB = Pattern.compile(
      "(learnstream-.*|flink-connector-kafka-.*|flink-avro-.*|avro-.*|kafka.*|clickhouse.*|client-v2-.*|javalin-.*)\\.jar");

  private final String java;
  private final List<String> classPath;
  private final Path webUiDir;

  /**
   * @param classPath this JVM's class path (the development distribution: {@code learnstream-devtools.jar} and its
   *     {@code lib/})
   * @param webUiDir the folder with {@code flink-runtime-web}, or null for a cluster without its web UI
   */
  public ClusterCommands(String java, List<String> classPath, Path webUiDir) {
    this.java = java;
    this.classPath = List.copyOf(classPath);
    this.webUiDir = webUiDir;
  }

  /** This JVM's java and class path; the web UI's jar beside the distribution's {@code lib/}. */
  public static ClusterCommands ofThisJvm() {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cp = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    Path web = cp.stream().map(Path::of).filter(p -> p.getFileName().toString().startsWith("flink-runtime-"))
        .findFirst().map(p -> p.toAbsolutePath().getParent().resolveSibling("flink-web")).orElse(null);
    return new ClusterCommands(java, cp, web);
  }

  /** Flink's own jars and their libraries: this class path less the job and what its jar bundles. */
  public List<String> flinkClassPath() {
    List<String> flink = new ArrayList<>();
    for (String entry : classPath) {
      Path path = Path.of(entry);
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      if (name.endsWith(".jar") && !NOT_IN_FLINK_LIB.matcher(name).matches()) {
        flink.add(entry);
      }
    }
    if (webUiDir != null && Files.isDirectory(webUiDir)) {
      try (var jars = Files.list(webUiDir)) {
        jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> flink.add(p.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + webUiDir + ": " + e.getMessage(), e);
      }
    }
    return flink;
  }

  public boolean hasWebUi() {
    return flinkClassPath().stream().anyMatch(e -> Path.of(e).getFileName().toString().startsWith("flink-runtime-web"));
  }

  public List<String> jobManager(FlinkClusterConfig config, Path confDir, Path logFile) {
    List<String> c = jvm(config.jobManagerJvmFlags(), logFile, confDir, flinkClassPath());
    c.addAll(List.of(JOB_MANAGER_CLASS, "--configDir", confDir.toString()));
    return c;
  }

  /** TaskManager {@code id} (e.g. {@code tm-1}), with the memory sizes the start script would pass. */
  public List<String> taskManager(FlinkClusterConfig config, Path confDir, String id, Path logFile) {
    List<String> c = jvm(config.taskManagerJvmFlags(), logFile, confDir, flinkClassPath());
    c.addAll(List.of(TASK_MANAGER_CLASS, "--configDir", confDir.toString(), "-D",
        "taskmanager.resource-id=" + id));
    c.addAll(config.taskManagerDynamicProperties());
    return c;
  }

  /** Flink's client ({@code flink run}, {@code flink stop}, ...) with {@code arguments}. */
  public List<String> flinkClient(Path confDir, Path logFile, List<String> arguments) {
    List<String> c = jvm(List.of("-Xmx256m"), logFile, confDir, flinkClassPath());
    c.add(FLINK_CLIENT_CLASS);
    c.addAll(arguments);
    return c;
  }

  /** One Kafka node from its {@code server.properties}. */
  public List<String> broker(Path properties, Path log4j, Path logFile) {
    List<String> c = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", "-XX:+UseG1GC",
        "-Dlog.file=" + logFile, "-Dlog4j2.configurationFile=" + log4j, "-cp", String.join(File.pathSeparator,
            classPath)));
    c.addAll(List.of(KAFKA_CLASS, properties.toString()));
    return c;
  }

  /** A {@code learnstream} verb (serve, notify) in its own JVM. */
  public List<String> learnstream(String maxHeap, List<String> arguments) {
    List<String> c = new ArrayList<>();
    c.add(java);
    OPENED.forEach(p -> c.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
    c.addAll(List.of("-Xmx" + maxHeap, "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.learnstream", "-cp",
        String.join(File.pathSeparator, classPath), CLI_CLASS));
    c.addAll(arguments);
    return c;
  }

  private List<String> jvm(List<String> flags, Path logFile, Path confDir, List<String> cp) {
    List<String> c = new ArrayList<>();
    c.add(java);
    c.addAll(flags);
    OPENED.forEach(p -> c.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
    c.add("-XX:+UseG1GC");
    c.add("-Dlog.file=" + logFile);
    c.add("-Dlog4j2.configurationFile=" + confDir.resolve("log4j2.properties"));
    c.add("-cp");
    c.add(String.join(File.pathSeparator, cp));
    return c;
  }
}
