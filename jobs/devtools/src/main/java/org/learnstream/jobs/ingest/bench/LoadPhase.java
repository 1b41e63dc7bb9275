package org.learnstream.jobs.ingest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one measured phase: concurrent clients each send requests back to back, on their own thread, until the
 * phase's time or request budget is spent; reports throughput, latency percentiles and the process's CPU time, also
 * by group of threads.
 */
public final class LoadPhase {

  /** Request {@code n} of client {@code client}: null when it succeeded, otherwise what went wrong. */
  @FunctionalInterface
  public interface Request {
    String send(int client, int n) throws Exception;
  }

  private LoadPhase() {
  }

  public static LoadResult run(String name, int clients, int statementsPerRequest, Request request,
      Duration duration, long maxRequests) throws Exception {
    AtomicLong budget = new AtomicLong(maxRequests);
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    int perClientCap = (int) Math.min(Integer.MAX_VALUE - 8, maxRequests / clients + 1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long cpuStart = processCpuNanos();
    ThreadCpuSnapshot threadsAtStart = ThreadCpuSnapshot.take();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        long[] latencies = new long[Math.min(perClientCap, 1 << 20)];
        int n = 0;
        int attempt = 0;
        while (n < latencies.length && System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
          long t0 = System.nanoTime();
          String failure;
          try {
            failure = request.send(client, attempt++);
          } catch (Exception e) {
            failure = e.toString();
          }
          if (failure == null) {
            latencies[n++] = System.nanoTime() - t0;
          } else {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, failure);
          }
        }
        return Arrays.copyOf(latencies, n);
      }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      all.add(f.get());
    }
    long elapsed = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuStart;
    Map<String, Long> cpuByGroup = ThreadCpuSnapshot.take().since(threadsAtStart); // the clients' threads still live
    pool.shutdown();
    long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new LoadResult(name, clients, statementsPerRequest, merged.length, failures.get(),
        Duration.ofNanos(elapsed), percentile(merged, 0.50), percentile(merged, 0.99),
        merged.length == 0 ? Duration.ZERO : Duration.ofNanos(merged[merged.length - 1]),
        Duration.ofNanos(Math.max(0, cpu)), firstFailure.get(), cpuByGroup);
  }

  /** CPU time of this whole process (broker, server and clients alike), or 0 where the JVM cannot tell. */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory
        .getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static Duration percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Duration.ZERO;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return Duration.ofNanos(sorted[Math.max(0, index)]);
  }
}
