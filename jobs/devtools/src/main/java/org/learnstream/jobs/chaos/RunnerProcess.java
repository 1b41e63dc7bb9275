package org.learnstream.jobs.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.settings.RuntimeOptions;

/**
 * A {@code learnstream} verb in a child JVM (same java and classpath): {@code run} (the job runner) or
 * {@code serve --no-pipeline} (the ingest server), so that a fault can kill the whole process with SIGKILL.
 * Its output goes to a log file beside its config.
 */
final class RunnerProcess implements AutoCloseable {

  /** Flink's standard list for Kryo fallbacks, as in the launcher. */
  private static final List<String> OPENED = List.of("java.util", "java.lang", "java.lang.reflect", "java.io",
      "java.net", "java.nio", "sun.nio.ch", "java.time", "java.util.concurrent", "java.util.concurrent.atomic");

  /**
   * The command line's main class, named as the {@code learnstream} launcher names it: the runner is a process
   * boundary, and the CLI (which starts this suite) stays the only package that depends on the other.
   */
  static final String CLI_MAIN_CLASS = "org.learnstream.jobs.cli.LearnstreamCli";

  private static final List<String> SECRETS = List.of(RuntimeOptions.CLICKHOUSE_PASSWORD_ENV, Pseudonyms.KEY_ENV);

  /** Runners still alive when this JVM exits (Ctrl-C on the suite) are killed with it. */
  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ProcessHandle::destroyForcibly),
        "chaos-runner-cleanup"));
  }

  private final List<String> arguments;
  private final String maxHeap;
  private final Path log;
  private Process process;
  private Path upgrade;

  private RunnerProcess(List<String> arguments, String maxHeap, Path log) {
    this.arguments = List.copyOf(arguments);
    this.maxHeap = maxHeap;
    this.log = log;
  }

  /** {@code learnstream run --config FILE}: the live pipeline. */
  RunnerProcess(Path configFile, Path log) {
    this(List.of("run", "--config", configFile.toString()), "700m", log);
  }

  /** {@code learnstream serve --no-pipeline} on a fixed port, so that a restart listens where clients send. */
  static RunnerProcess ingestServer(Path configFile, Path credentials, int port, String instanceId, Path log) {
    return new RunnerProcess(List.of("serve", "--no-pipeline", "--config", configFile.toString(),
        "--credentials", credentials.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--instance-id", instanceId), "300m", log);
  }

  /** {@code learnstream erase} of the learner of {@code tenant} with e-mail {@code mbox}, as an operator runs it. */
  static RunnerProcess erase(Path configFile, String tenant, String mbox, Duration timeout, Path log) {
    return new RunnerProcess(List.of("erase", "--config", configFile.toString(), "--tenant", tenant, "--mbox", mbox,
        "--timeout", timeout.toString()), "300m", log);
  }

  /**
   * From the next {@link #start} on, classes in {@code classes} come before the build's own: a newer build of some
   * classes (e.g. a record with one more field), as after installing an upgrade.
   */
  void upgradeTo(Path classes) {
    this.upgrade = classes;
  }

  void start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String pkg : OPENED) {
      command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    command.add("-Xmx" + maxHeap);
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.learnstream");
    command.add("-cp");
    String classpath = System.getProperty("java.class.path");
    command.add(upgrade == null ? classpath : upgrade.toAbsolutePath() + java.io.File.pathSeparator + classpath);
    command.add(CLI_MAIN_CLASS);
    command.addAll(arguments);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // the settings file names the services under test; only secrets may still come from the environment
    builder.environment().keySet().removeIf(name -> name.startsWith("LEARNSTREAM_") && !SECRETS.contains(name));
    process = builder.start();
    LIVE.add(process.toHandle());
  }

  /** SIGKILL on Linux: no shutdown hook, no savepoint, open Kafka transactions left behind. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.toHandle().destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      LIVE.remove(process.toHandle());
    }
  }

  /** SIGTERM, as an operator stops the runner; waits for it to exit. */
  void stop(Duration timeout) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new IllegalStateException(
          "the job runner did not stop within " + timeout.toSeconds() + " s of SIGTERM; see " + log);
    }
    LIVE.remove(process.toHandle());
  }

  /** Waits for the process to exit on its own and answers its exit code; fails when it has not within {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(arguments.get(0) + " did not exit within " + timeout.toSeconds() + " s; see "
          + log);
    }
    LIVE.remove(process.toHandle());
    return process.exitValue();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
