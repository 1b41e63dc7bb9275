package org.learnstream.jobs.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;
import org.learnstream.jobs.runtime.Snapshots;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.pipeline.local.LocalKafka;
import org.learnstream.pipeline.simulate.CohortSimulator;

/**
 * Injects one scenario's faults at random moments while the stream flows and measures recovery: the seconds from
 * the end of a fault until everything Kafka had acknowledged before it is in ClickHouse.
 */
final class Faults {

  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(6);

  private final ChaosSettings settings;
  private final LocalKafka kafka;
  private final LocalClickHouse clickHouse;
  private final RunnerProcess runner;
  private final IngestServerProcess ingest;
  private final StatementStream producer;
  private final Projections out;
  private final Random random;
  private final Path checkpoints;
  private final Consumer<String> log;
  private Path upgrade;
  private ErasureDuringKill erasure;

  /** {@code ingest} is the ingest server clients post to, or null when statements go to Kafka directly. */
  Faults(ChaosSettings settings, LocalKafka kafka, LocalClickHouse clickHouse, RunnerProcess runner,
      IngestServerProcess ingest, StatementStream producer, Projections out, Random random, Path checkpoints,
      Consumer<String> log) {
    this.settings = settings;
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.runner = runner;
    this.ingest = ingest;
    this.producer = producer;
    this.out = out;
    this.random = random;
    this.checkpoints = checkpoints;
    this.log = log;
  }

  /** Savepoint-restart then starts the runner with {@code classes} first on its classpath (an upgraded build). */
  Faults upgradingTo(Path classes) {
    this.upgrade = classes;
    return this;
  }

  /** Erase-during-kill erases with {@code erasure} while it kills the runner. */
  Faults erasing(ErasureDuringKill erasure) {
    this.erasure = erasure;
    return this;
  }

  /** Injects the faults of {@code scenario}; returns the longest recovery in seconds. */
  double inject(Scenario scenario) throws Exception {
    return switch (scenario) {
      case JOB_KILL -> killJobRunner(settings.jobKills());
      case KAFKA_RESTART -> restartKafka();
      case CLICKHOUSE_OUTAGE -> clickHouseOutage();
      // the runner of runtime-restart owns its broker and ClickHouse: they stop and start with it
      case SAVEPOINT_RESTART, RUNTIME_RESTART -> stopWithSavepointAndRestart();
      case INGEST_RESTART -> restartIngestServer();
      case REPLAY_AFTER_KILL -> killJobRunner(1);
      // the runner of runtime-kill owns its broker and ClickHouse: the kill takes them down with the job
      case RUNTIME_KILL -> killJobRunner(1);
      case ERASE_DURING_KILL -> killWhileErasureWaits();
    };
  }

  /**
   * Starts the erasure once the learner has rows, kills the runner as soon as the entry is in the ledger (erase then
   * waits for the job) and starts the runner again; recovery counts until the other learners' events acknowledged
   * before the kill are in ClickHouse.
   */
  private double killWhileErasureWaits() throws Exception {
    if (erasure == null) {
      throw new IllegalStateException("the erase-during-kill scenario needs the erasure to start");
    }
    awaitFirstCheckpoint();
    erasure.awaitLearnerLanded(out, runner, CATCH_UP_TIMEOUT);
    pause(500, 2_000);
    erasure.startErase();
    long entry = erasure.awaitLedgerEntry(CATCH_UP_TIMEOUT, log);
    long before = producer.acknowledged();
    runner.kill();
    erasure.recordWhetherApplied();
    erasure.releaseStream();
    log.accept("  job runner killed with SIGKILL once erase had appended entry " + entry + " to the ledger, after "
        + before
        + " statements acknowledged; sending the rest of the cohort and restarting the runner while erase waits");
    runner.start();
    return catchUp(before - erasure.learnerStatementsAmongFirst(before));
  }

  private double restartIngestServer() throws Exception {
    if (ingest == null) {
      throw new IllegalStateException("the ingest-restart scenario needs clients posting to an ingest server");
    }
    // the ingest server does not depend on the job: kill it while the clients are in full flow
    pause(3_000, 8_000);
    long before = producer.acknowledged();
    long t0 = System.nanoTime();
    ingest.kill();
    log.accept("  ingest server killed with SIGKILL after " + before + " statements accepted; restarting it");
    ingest.start();
    log.accept(String.format("  ingest server answering again after %.1f s", (System.nanoTime() - t0) / 1e9));
    awaitClientsAccepted(before);
    catchUp(before);
    // recovery counts from the kill: the outage is the restart itself
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Until the server has accepted something after the restart (or the clients had nothing left to send). */
  private void awaitClientsAccepted(long acknowledgedBefore) throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    long total = new CohortSimulator(settings.cohort()).truth().totalStatements();
    while (producer.acknowledged() <= acknowledgedBefore && acknowledgedBefore < total) {
      if (System.nanoTime() > deadline || !ingest.isAlive()) {
        throw new IllegalStateException("the clients got nothing accepted after the ingest server restarted; see "
            + ingest.log());
      }
      Thread.sleep(100); // poll interval
    }
  }

  private double stopWithSavepointAndRestart() throws Exception {
    awaitFirstCheckpoint(); // before it the runner has no job (and no signal handler) yet: nothing to stop
    pause(2_000, 6_000);
    long before = producer.acknowledged();
    runner.stop(Duration.ofMinutes(3));
    Path snapshot = Snapshots.latest(checkpoints).orElseThrow(
        () -> new IllegalStateException("no snapshot in " + checkpoints + " after SIGTERM; see " + runner.log()));
    if (!snapshot.getFileName().toString().startsWith("savepoint-")) {
      throw new IllegalStateException(
          "SIGTERM left no savepoint (newest snapshot: " + snapshot + "); see " + runner.log());
    }
    log.accept("  job runner stopped with " + snapshot.getFileName() + " after " + before + " statements acknowledged");
    if (upgrade != null) {
      runner.upgradeTo(upgrade);
      log.accept("  starting again on the upgraded build (" + upgrade + ")");
    }
    runner.start();
    return catchUp(before);
  }

  private double killJobRunner(int kills) throws Exception {
    double worst = 0;
    for (int i = 1; i <= kills; i++) {
      pause(4_000, 9_000);
      long before = producer.acknowledged();
      runner.kill();
      log.accept("  job runner killed with SIGKILL (" + i + "/" + kills + ") after " + before
          + " statements acknowledged");
      runner.start();
      worst = Math.max(worst, catchUp(before));
    }
    return worst;
  }

  private double restartKafka() throws Exception {
    awaitFirstCheckpoint();
    pause(2_000, 6_000);
    long before = producer.acknowledged();
    kafka.restart();
    log.accept("  Kafka broker restarted after " + before + " statements acknowledged");
    return catchUp(before);
  }

  private double clickHouseOutage() throws Exception {
    awaitFirstCheckpoint(); // a runner that starts during the outage exits at once (migrations fail): not this scenario
    pause(2_000, 6_000);
    long before = producer.acknowledged();
    clickHouse.stop();
    log.accept("  ClickHouse stopped for " + settings.clickHouseOutage().toSeconds() + " s after " + before
        + " statements acknowledged");
    Thread.sleep(settings.clickHouseOutage().toMillis()); // the outage itself
    clickHouse.restart();
    return catchUp(before);
  }

  private void awaitFirstCheckpoint() throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    while (Snapshots.latest(checkpoints).isEmpty()) {
      if (System.nanoTime() > deadline || !runner.isAlive()) {
        throw new IllegalStateException("the job runner took no checkpoint; see " + runner.log());
      }
      Thread.sleep(250); // poll interval
    }
  }

  /** Seconds until every statement acknowledged before the fault is in learning_events (FINAL). */
  private double catchUp(long acknowledgedBefore) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + CATCH_UP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!runner.isAlive()) {
        throw new IllegalStateException("the job runner exited on its own; see " + runner.log());
      }
      if (eventsOrZero() >= acknowledgedBefore) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format("  caught up in %.1f s", seconds));
        return seconds;
      }
      Thread.sleep(250); // poll interval
    }
    throw new IllegalStateException("the pipeline did not catch up within " + CATCH_UP_TIMEOUT.toSeconds()
        + " s after the fault; see " + runner.log());
  }

  private long eventsOrZero() {
    try {
      return out.eventsFinal();
    } catch (RuntimeException e) {
      return 0; // ClickHouse still starting
    }
  }

  private void pause(int minMillis, int maxMillis) throws InterruptedException {
    Thread.sleep(minMillis + random.nextInt(maxMillis - minMillis)); // a random moment in the stream
  }
}
