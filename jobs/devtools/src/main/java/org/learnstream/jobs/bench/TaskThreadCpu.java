package org.learnstream.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * CPU time that the Flink job's task threads spend over one run, that of every thread by group ({@link ThreadGroups}),
 * and that of the whole JVM. Unlike throughput it does
 * not depend on how much of the machine other processes take: on a shared machine a run that waits for a core is
 * slower but not costlier. Task threads end with their job, and a thread's CPU time can be read only while it lives,
 * so a sampler reads every thread at a short period and keeps each one's last reading; what a thread spends
 * after its last reading (at most one period, at the job's end) is not counted.
 */
final class TaskThreadCpu implements AutoCloseable {

  /** Flink names a task's thread after the task and its subtask, e.g. {@code knowledge tracing (1/2)#0}. */
  private static final Pattern TASK_THREAD = Pattern.compile(".*\\(\\d+/\\d+\\)#\\d+$");
  private static final long PERIOD_MS = 20;

  /**
   * What one run spent, in nanoseconds of CPU.
   *
   * @param byGroup every thread's CPU, by {@link ThreadGroups#of its group}
   */
  record Spent(long taskThreadsNanos, long processNanos, int taskThreads, Map<String, Long> byGroup) {
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
      .getOperatingSystemMXBean();
  /** Per thread id: its CPU time when first read in this run (0 for a thread started during the run). */
  private final Map<Long, Long> first = new HashMap<>();
  private final Map<Long, Long> last = new HashMap<>();
  /** Per thread id: its name, read once (names of all threads at every period cost more). */
  private final Map<Long, String> names = new HashMap<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench task-thread cpu");
    t.setDaemon(true);
    return t;
  });
  private final long processStart;

  private TaskThreadCpu() {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot read the CPU time of threads");
    }
    threads.setThreadCpuTimeEnabled(true);
    processStart = os.getProcessCpuTime();
    read(true);
    sampler.scheduleAtFixedRate(() -> read(false), PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  /** Starts counting: task threads alive now count from their present CPU time, later ones from zero. */
  static TaskThreadCpu start() {
    return new TaskThreadCpu();
  }

  /** Stops counting and returns what the run spent. */
  Spent stop() {
    close();
    read(false);
    synchronized (this) {
      long tasks = 0;
      int taskThreads = 0;
      Map<String, Long> byGroup = new HashMap<>();
      for (Map.Entry<Long, Long> e : last.entrySet()) {
        long spent = e.getValue() - first.get(e.getKey());
        String name = names.get(e.getKey());
        byGroup.merge(ThreadGroups.of(name), spent, Long::sum);
        if (isTaskThread(name)) {
          tasks += spent;
          taskThreads++;
        }
      }
      return new Spent(tasks, os.getProcessCpuTime() - processStart, taskThreads, byGroup);
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void read(boolean atStart) {
    for (long id : threads.getAllThreadIds()) {
      if (names.computeIfAbsent(id, this::name) == null) {
        continue; // ended before its name was read
      }
      long cpu = threads.getThreadCpuTime(id);
      if (cpu < 0) {
        continue; // ended since it was listed
      }
      first.putIfAbsent(id, atStart ? cpu : 0L);
      last.put(id, cpu);
    }
  }

  private String name(long id) {
    ThreadInfo info = threads.getThreadInfo(id);
    return info == null ? null : info.getThreadName();
  }

  /** For tests: whether a thread name is a task thread's. */
  static boolean isTaskThread(String name) {
    return TASK_THREAD.matcher(name).matches();
  }
}
