package org.learnstream.pipeline.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Stopping child server processes and cleaning up after them. */
final class ServerProcesses {

  private static final Logger LOG = LoggerFactory.getLogger(ServerProcesses.class);

  private ServerProcesses() {
  }

  /** How {@link #terminate} ended. */
  enum Ending {
    /** Gone after SIGTERM (or before it). */
    EXITED,
    /** Still there when the timeout passed: killed with SIGKILL. */
    KILLED
  }

  /** SIGTERM, wait up to {@code timeout}, then SIGKILL. */
  static Ending terminate(ProcessHandle handle, Duration timeout) {
    if (!running(handle)) {
      return Ending.EXITED;
    }
    handle.destroy();
    try {
      if (awaitGone(handle, timeout)) {
        return Ending.EXITED;
      }
      LOG.warn("Process {} did not stop within {} s after SIGTERM; killing it", handle.pid(), timeout.toSeconds());
      handle.destroyForcibly();
      awaitGone(handle, Duration.ofSeconds(10)); // what is left is reported by the caller's own checks
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    }
    return Ending.KILLED;
  }

  private static boolean awaitGone(ProcessHandle handle, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (running(handle)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50); // poll interval: onExit() of a process that is not our child polls too, and waits on zombies
    }
    return true;
  }

  /**
   * Whether the process still runs. A server orphaned by a killed JVM belongs to PID 1 once it exits, and stays a
   * zombie until PID 1 reaps it (seconds here), which {@link ProcessHandle#isAlive()} counts as alive.
   */
  static boolean running(ProcessHandle handle) {
    return handle.isAlive() && !zombie(handle.pid());
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      int endOfName = stat.lastIndexOf(')'); // the name, in parentheses, may hold spaces
      return endOfName > 0 && endOfName + 2 < stat.length() && stat.charAt(endOfName + 2) == 'Z';
    } catch (IOException | UncheckedIOException e) {
      return false; // gone since, or no /proc here: isAlive() alone decides
    }
  }

  /** Stops a clickhouse server left running from this directory by a JVM that was killed. */
  static void stopOrphan(Path pidFile) {
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent() && running(handle.get())
          && handle.get().info().command().map(c -> c.contains("clickhouse")).orElse(false)) {
        LOG.warn("Stopping orphaned clickhouse server (pid {}) recorded in {}", pid, pidFile);
        terminate(handle.get(), Duration.ofSeconds(15));
      }
      Files.deleteIfExists(pidFile);
    } catch (IOException | NumberFormatException e) {
      LOG.warn("Ignoring unreadable PID file {}: {}", pidFile, e.toString());
    }
  }

  /** Removes a stop-on-exit hook; harmless when the JVM is already exiting or the hook was never added. */
  static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException ignored) {
      // JVM already shutting down, or the hook was never registered
    }
  }

  /** Launches a server just built; when that fails, closes it (stopping whatever did start) and rethrows. */
  static <T> T launchedOrClosed(T server, java.util.function.Consumer<T> launch, java.util.function.Consumer<T> close) {
    try {
      launch.accept(server);
    } catch (RuntimeException e) {
      close.accept(server);
      throw e;
    }
    return server;
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not remove {}: {}", dir, e.toString());
    }
  }
}
