package org.learnstream.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.settings.RuntimeOptions;

/**
 * Starts the cluster's processes detached from this JVM (their own session, so they outlive {@code cluster up} and
 * a Ctrl-C in its terminal), each writing its output to a log file, and records them by name.
 */
final class ProcessLauncher {

  /** Secrets reach the processes through the environment; every other LEARNSTREAM_ variable is left out. */
  private static final List<String> SECRETS = List.of(RuntimeOptions.CLICKHOUSE_PASSWORD_ENV, Pseudonyms.KEY_ENV);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final ClusterProcesses records;

  ProcessLauncher(ClusterProcesses records) {
    this.records = records;
  }

  /** Starts {@code command} as {@code name} with its output appended to {@code log}. */
  ProcessHandle start(String name, List<String> command, Map<String, String> environment, Path log) {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      full.add(SETSID.toString()); // a child is no group leader, so setsid execs in place: the pid stays the JVM's
    }
    full.addAll(command);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().keySet().removeIf(k -> k.startsWith("LEARNSTREAM_") && !SECRETS.contains(k));
      builder.environment().putAll(environment);
      ProcessHandle handle = builder.start().toHandle();
      records.record(name, handle);
      return handle;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  /** Runs {@code command} to its end (a client call) and returns its output; the error quotes it. */
  static String run(String what, List<String> command, Map<String, String> environment, Path log,
      java.time.Duration timeout) throws InterruptedException {
    try {
      Files.createDirectories(log.getParent());
      Path out = Files.createTempFile(log.getParent(), "client-", ".out");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("LEARNSTREAM_") && !SECRETS.contains(k));
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean done = process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (!done) {
          process.destroyForcibly().waitFor();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.writeString(log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        if (!done || process.exitValue() != 0) {
          throw new IllegalStateException(what + (done ? " failed (exit " + process.exitValue() + ")" : " timed out")
              + ": " + tail(text, 15) + "\n(full output in " + log + ")");
        }
        return text;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
  }

  /** The last {@code lines} lines of {@code text}. */
  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** The last lines of a log file, for an error message. */
  static String tail(Path log, int lines) {
    try {
      return Files.exists(log) ? tail(Files.readString(log, StandardCharsets.UTF_8), lines) : "(no log " + log + ")";
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }
}
