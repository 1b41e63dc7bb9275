package org.learnstream.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a cluster started, recorded in {@code pids} of its state directory (one line each: name, pid, start
 * time in epoch milliseconds), so that {@code status} and {@code down} in a later JVM find them. The start time tells
 * a recorded process from a later one that reuses its pid.
 */
public final class ClusterProcesses {

  static final String FILE = "pids";

  /** One recorded process. */
  public record Entry(String name, long pid, long startMillis) {

    String line() {
      return name + " " + pid + " " + startMillis;
    }

    static Entry parse(String line) {
      String[] parts = line.strip().split(" ");
      if (parts.length != 3) {
        throw new IllegalArgumentException("not a process record (name pid start): '" + line + "'");
      }
      return new Entry(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    /** The running process this entry names, if it still runs (the same pid started at the same time). */
    public Optional<ProcessHandle> handle() {
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().startInstant().map(t -> t.toEpochMilli() == startMillis).orElse(false));
    }

    public boolean alive() {
      return handle().isPresent();
    }

    static Entry of(String name, ProcessHandle process) {
      long start = process.info().startInstant().map(java.time.Instant::toEpochMilli)
          .orElseThrow(() -> new IllegalStateException("no start time for process " + process.pid()));
      return new Entry(name, process.pid(), start);
    }
  }

  private final Path file;

  public ClusterProcesses(Path stateDir) {
    this.file = stateDir.resolve(FILE);
  }

  /** Records {@code process} under {@code name}, replacing an earlier record of that name. */
  public synchronized Entry record(String name, ProcessHandle process) {
    Entry entry = Entry.of(name, process);
    Map<String, Entry> entries = byName();
    entries.put(name, entry);
    write(entries.values());
    return entry;
  }

  /** Every recorded process, in the order they were first recorded. */
  public synchronized List<Entry> entries() {
    return List.copyOf(byName().values());
  }

  public synchronized Optional<Entry> entry(String name) {
    return Optional.ofNullable(byName().get(name));
  }

  /** Drops the record of {@code name} (the process was stopped). */
  public synchronized void forget(String name) {
    Map<String, Entry> entries = byName();
    entries.remove(name);
    write(entries.values());
  }

  /**
   * Stops the recorded processes in reverse order of start (SIGTERM, SIGKILL after {@code grace}) and forgets them;
   * returns the names of those that were still running. Members of one group ({@code kafka-1}, {@code kafka-2}, ...)
   * get SIGTERM together: a broker stopped alone waits for the quorum, which its stopped peers no longer make.
   */
  public synchronized List<String> stopAll(Duration grace) {
    List<Entry> entries = new ArrayList<>(byName().values());
    java.util.Collections.reverse(entries);
    List<String> stopped = new ArrayList<>();
    for (List<Entry> group : groups(entries)) {
      List<Entry> running = group.stream().filter(Entry::alive).toList();
      running.stream().map(Entry::handle).flatMap(Optional::stream).forEach(ProcessHandle::destroy);
      for (Entry entry : group) {
        stop(entry, grace);
        forget(entry.name());
      }
      running.forEach(entry -> stopped.add(entry.name()));
    }
    return stopped;
  }

  /** Consecutive entries whose names share the part before the last dash. */
  static List<List<Entry>> groups(List<Entry> entries) {
    List<List<Entry>> groups = new ArrayList<>();
    String current = null;
    for (Entry entry : entries) {
      String group = entry.name().replaceFirst("-\\d+$", "");
      if (!group.equals(current)) {
        groups.add(new ArrayList<>());
        current = group;
      }
      groups.get(groups.size() - 1).add(entry);
    }
    return groups;
  }

  /** SIGTERM, then SIGKILL after {@code grace}; true when the process was running. */
  static boolean stop(Entry entry, Duration grace) {
    Optional<ProcessHandle> handle = entry.handle();
    if (handle.isEmpty()) {
      return false;
    }
    handle.get().destroy();
    if (!awaitExit(handle.get(), grace)) {
      handle.get().destroyForcibly();
      if (!awaitExit(handle.get(), Duration.ofSeconds(30))) {
        throw new IllegalStateException(entry.name() + " (pid " + entry.pid() + ") did not exit after SIGKILL");
      }
    }
    return true;
  }

  /** SIGKILL: no shutdown hook runs, as when a machine is lost. */
  static void kill(Entry entry) {
    entry.handle().ifPresent(h -> {
      h.destroyForcibly();
      awaitExit(h, Duration.ofSeconds(30));
    });
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    } catch (ExecutionException e) {
      return !handle.isAlive();
    }
  }

  private Map<String, Entry> byName() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return entries;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        if (!line.isBlank()) {
          Entry entry = Entry.parse(line);
          entries.put(entry.name(), entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the process records " + file + ": " + e.getMessage(), e);
    }
    return entries;
  }

  private void write(java.util.Collection<Entry> entries) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(FILE + ".tmp");
      Files.write(tmp, entries.stream().map(Entry::line).toList(), StandardCharsets.US_ASCII);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the process records " + file + ": " + e.getMessage(), e);
    }
  }
}
