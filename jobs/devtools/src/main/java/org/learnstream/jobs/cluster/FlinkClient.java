package org.learnstream.jobs.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Flink's own client, {@code CliFrontend} (what {@code flink run} and {@code flink stop} start), as a child JVM. */
public final class FlinkClient {

  /** The class {@code flink run -c} names in the {@code -flink.jar}. */
  public static final String JOB_CLASS = "org.learnstream.jobs.LearnstreamJob";

  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final ClusterCommands commands;
  private final Path confDir;
  private final Path log;

  public FlinkClient(ClusterCommands commands, Path confDir, Path log) {
    this.commands = commands;
    this.confDir = confDir;
    this.log = log;
  }

  /** The arguments of {@code flink run -d [-s SAVEPOINT] -c LearnstreamJob JAR --config SETTINGS}. */
  static List<String> runArguments(Path flinkJar, Path settings, String savepoint) {
    List<String> a = new ArrayList<>(List.of("run", "-d"));
    if (savepoint != null) {
      a.addAll(List.of("-s", savepoint));
    }
    a.addAll(List.of("-c", JOB_CLASS, flinkJar.toAbsolutePath().toString(), "--config",
        settings.toAbsolutePath().toString()));
    return a;
  }

  /** Submits the pipeline detached; returns its job id. */
  public String run(Path flinkJar, Path settings, String savepoint) throws InterruptedException {
    String out = call("flink run", runArguments(flinkJar, settings, savepoint));
    return jobId(out);
  }

  /** {@code flink stop --savepointPath DIR JOB}: a savepoint, then the job ends; returns the savepoint's path. */
  public String stopWithSavepoint(String jobId, Path savepointDir) throws InterruptedException {
    String out = call("flink stop", List.of("stop", "--savepointPath",
        savepointDir.toAbsolutePath().toUri().toString(), jobId));
    return savepointPath(out);
  }

  public void cancel(String jobId) throws InterruptedException {
    call("flink cancel", List.of("cancel", jobId));
  }

  static String jobId(String clientOutput) {
    Matcher m = JOB_ID.matcher(clientOutput);
    if (!m.find()) {
      throw new IllegalStateException("flink run printed no job id: " + ProcessLauncher.tail(clientOutput, 15));
    }
    return m.group(1);
  }

  static String savepointPath(String clientOutput) {
    Matcher m = SAVEPOINT.matcher(clientOutput);
    if (!m.find()) {
      throw new IllegalStateException("flink stop printed no savepoint: " + ProcessLauncher.tail(clientOutput, 15));
    }
    return m.group(1);
  }

  private String call(String what, List<String> arguments) throws InterruptedException {
    return ProcessLauncher.run(what, commands.flinkClient(confDir, log, arguments),
        Map.of("FLINK_CONF_DIR", confDir.toString()), log, TIMEOUT);
  }
}
