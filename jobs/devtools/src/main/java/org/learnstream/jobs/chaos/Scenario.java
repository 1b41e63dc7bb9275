package org.learnstream.jobs.chaos;

import java.util.Arrays;
import java.util.Locale;

/** The faults the chaos suite injects while a steady stream flows through the live pipeline. */
public enum Scenario {
  /** SIGKILL of the job runner's JVM at random moments, several times; each restart resumes from the newest checkpoint. */
  JOB_KILL,
  /** The Kafka broker stops and starts again on the same data. */
  KAFKA_RESTART,
  /** ClickHouse is down for a while (60 s, 15 s in quick mode); the pipeline backpressures and catches up. */
  CLICKHOUSE_OUTAGE,
  /** What an upgrade does: SIGTERM stops the job with a savepoint, and the next start resumes from it. */
  SAVEPOINT_RESTART,
  /**
   * Clients post the stream to the ingest server, which is killed (SIGKILL) and started again under load: clients
   * see connection errors or 503 and retry; no statement the server answered 200 for may be lost.
   */
  INGEST_RESTART,
  /**
   * The runner uses its own embedded runtime on its data directory; SIGTERM stops the job with a savepoint and the
   * broker and ClickHouse with it, and the next start brings all three back on the same log, data and ports.
   */
  RUNTIME_RESTART,
  /**
   * The runner uses its own embedded runtime; SIGKILL ends the job, the broker and the documents database at once
   * (an out-of-memory kill, a power cut of the process) and leaves its ClickHouse server orphaned; the next start
   * stops the orphan and brings all three back on the same log, data and ports, the job from its newest checkpoint.
   */
  RUNTIME_KILL,
  /** One SIGKILL of the runner; once everything has landed the runner stops and a replay rebuilds the projections. */
  REPLAY_AFTER_KILL,
  /**
   * A learner is erased with {@code learnstream erase} while the cohort streams; the runner is killed (SIGKILL) once
   * the erasure is in the ledger, before the job has applied it, and started again; the waiting erase must complete,
   * no row of the learner remain, and the rest equal the clean run without the learner, after a replay too.
   */
  ERASE_DURING_KILL;

  /**
   * Whether {@code chaos --quick} (CI) runs it: erase-during-kill streams longer and adds a clean run without the
   * erased learner and a replay, more than a minute, so it runs in the full suite (or when named). Savepoint-restart
   * runs there too: its stop with a savepoint and restart is runtime-restart's, and the test command runs it onto an
   * upgraded build with the same checks ({@code SchemaUpgradeITCase}).
   */
  public boolean inQuickSuite() {
    return this != ERASE_DURING_KILL && this != SAVEPOINT_RESTART;
  }

  /** Whether the runner starts its own embedded runtime (broker, ClickHouse) instead of using the suite's. */
  public boolean embeddedRuntime() {
    return this == RUNTIME_RESTART || this == RUNTIME_KILL;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a label such as {@code job-kill}; the error lists the known ones. */
  public static Scenario of(String label) {
    for (Scenario s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + label + "'; known: "
        + String.join(", ", Arrays.stream(values()).map(Scenario::label).toList()));
  }
}
