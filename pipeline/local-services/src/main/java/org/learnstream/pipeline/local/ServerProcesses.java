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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Stopping child server processes and cleaning up after them. */
final class ServerProcesses {

  private static final Logger LOG = LoggerFactory.getLogger(ServerProcesses.class);

  private ServerProcesses() {
  }

  /** SIGTERM, wait up to {@code timeout}, then SIGKILL. */
  static void terminate(ProcessHandle handle, Duration timeout) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("Process {} did not stop within {} s after SIGTERM; killing it", handle.pid(), timeout.toSeconds());
      handle.destroyForcibly();
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException ignored) {
        // reported by the caller's isAlive checks
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Waiting for process " + handle.pid() + " failed", e);
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
      if (handle.isPresent() && handle.get().isAlive()
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
