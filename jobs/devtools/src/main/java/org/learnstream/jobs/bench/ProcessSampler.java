package org.learnstream.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and resident memory of this JVM (the Flink MiniCluster and the bench driver) and of the Kafka and ClickHouse
 * processes it started, read from /proc. {@link #sample()} during a phase keeps the peak RSS; {@link #usage()} gives
 * the CPU used since {@link #start()} as cores (1.0 = one core busy the whole time).
 */
final class ProcessSampler {

  /** One process over one phase. */
  record Usage(String process, double cores, long peakRssMb) {
  }

  /** The name of the ClickHouse server among the processes, when this process started it. */
  static final String CLICKHOUSE = "clickhouse-server";
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final Map<String, Long> cpuStart = new LinkedHashMap<>();
  private final Map<String, Long> peakRss = new LinkedHashMap<>();
  private long wallStart;

  ProcessSampler() {
    Map<String, Long> children = new LinkedHashMap<>();
    ProcessHandle.current().descendants().forEach(p -> {
      String cmd = p.info().commandLine().orElse("");
      if (cmd.contains("clickhouse")) {
        children.putIfAbsent(CLICKHOUSE, p.pid());
      } else if (cmd.contains("kafka")) {
        children.putIfAbsent("kafka broker", p.pid());
      }
    });
    // the embedded broker runs inside this JVM unless it was started as a child process
    pids.put(children.containsKey("kafka broker") ? "flink+driver (this JVM)" : "flink+kafka+driver (this JVM)",
        ProcessHandle.current().pid());
    pids.putAll(children);
  }

  void start() {
    wallStart = System.nanoTime();
    pids.forEach((name, pid) -> cpuStart.put(name, cpuTicks(pid)));
    peakRss.clear();
    sample();
  }

  void sample() {
    pids.forEach((name, pid) -> peakRss.merge(name, rssKb(pid), Math::max));
  }

  List<Usage> usage() {
    sample();
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    return pids.entrySet().stream().map(e -> new Usage(e.getKey(),
        (cpuTicks(e.getValue()) - cpuStart.getOrDefault(e.getKey(), 0L)) / (double) CLOCK_TICKS / wallSeconds,
        peakRss.getOrDefault(e.getKey(), 0L) / 1024)).toList();
  }

  /** CPU seconds that {@code process} (a name as in {@link Usage#process}) used since {@link #start()}; 0 if none. */
  double cpuSecondsSinceStart(String process) {
    Long pid = pids.get(process);
    return pid == null ? 0 : (cpuTicks(pid) - cpuStart.getOrDefault(process, 0L)) / (double) CLOCK_TICKS;
  }

  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended
    }
    return 0;
  }
}
