package org.learnstream.jobs.ingest.bench;

import java.time.Duration;
import java.util.Map;

/**
 * One measured load phase.
 *
 * @param requests requests answered 200 within the phase
 * @param failures requests answered otherwise or failed
 * @param processCpu CPU time the whole process (broker, server, clients) used in the phase; on a busy
 *     machine CPU per request says more than wall-clock rates
 * @param firstFailure what the first failure was, or null
 * @param cpuByGroup CPU nanoseconds per group of threads ({@code ThreadGroups.of}) in the phase
 */
public record LoadResult(String name, int clients, int statementsPerRequest, long requests, long failures,
    Duration elapsed, Duration p50, Duration p99, Duration max, Duration processCpu, String firstFailure,
    Map<String, Long> cpuByGroup) {

  public LoadResult {
    cpuByGroup = Map.copyOf(cpuByGroup);
  }

  /** A phase whose CPU was not read by thread. */
  public LoadResult(String name, int clients, int statementsPerRequest, long requests, long failures,
      Duration elapsed, Duration p50, Duration p99, Duration max, Duration processCpu, String firstFailure) {
    this(name, clients, statementsPerRequest, requests, failures, elapsed, p50, p99, max, processCpu, firstFailure,
        Map.of());
  }

  public double requestsPerSecond() {
    return requests / seconds();
  }

  public double statementsPerSecond() {
    return requests * (double) statementsPerRequest / seconds();
  }

  /** Process CPU time per request, in milliseconds. */
  public double cpuMillisPerRequest() {
    return requests == 0 ? 0 : processCpu.toNanos() / 1e6 / requests;
  }

  /** Cores the phase kept busy on average; far below the machine's cores means others took the CPU. */
  public double coresUsed() {
    return processCpu.toNanos() / 1e9 / seconds();
  }

  private double seconds() {
    return Math.max(1e-9, elapsed.toNanos() / 1e9);
  }

  public String describe() {
    return String.format("%-28s clients %3d  %,10.0f statements/s  %,9.0f requests/s  p50 %6.1f ms  p99 %6.1f ms"
        + "  max %7.1f ms  (%,d requests, %,d failed, %.1f s; process CPU %.3f ms/request, %.2f cores busy)",
        name, clients, statementsPerSecond(), requestsPerSecond(), millis(p50), millis(p99), millis(max),
        requests, failures, seconds(), cpuMillisPerRequest(), coresUsed())
        + (firstFailure == null ? "" : "\n  first failure: " + firstFailure);
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}
