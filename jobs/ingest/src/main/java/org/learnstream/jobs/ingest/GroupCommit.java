package org.learnstream.jobs.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Group commit of batch requests: the requests that arrive while every committer is busy go together into the next
 * transaction, so the broker's cost per transaction (coordinator log writes, one marker per partition; about as
 * much as a hundred statements) is shared. Each request still lands all or nothing: a group commits or aborts as a
 * whole. A group refused for the size or form of a record is tried again one request at a time, so that one
 * request cannot fail the others; a group that fails for want of the broker fails together.
 *
 * <p>A request no committer has taken after {@code maxWait} is dropped and never written; one that was taken waits
 * for its transaction, which the producer's own timeouts bound.
 */
final class GroupCommit {

  /** Statements in one transaction at most; a single larger request goes alone. */
  static final int GROUP_STATEMENTS = 2_000;

  /** Writes {@code statements} in one transaction with committer {@code committer}'s producer. */
  @FunctionalInterface
  interface Transaction {
    void commit(int committer, List<PreparedStatement> statements) throws Exception;
  }

  private static final int QUEUED = 0;
  private static final int TAKEN = 1;
  private static final int DROPPED = 2;

  private static final class Request {
    final List<PreparedStatement> statements;
    final AtomicInteger state = new AtomicInteger(QUEUED);
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Request(List<PreparedStatement> statements) {
      this.statements = statements;
    }
  }

  private final BlockingDeque<Request> queue = new LinkedBlockingDeque<>();
  private final Transaction transaction;
  private final Duration maxWait;
  private final List<Thread> committers = new ArrayList<>();
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean closed;

  GroupCommit(int committers, Transaction transaction, Duration maxWait, String name) {
    this.transaction = transaction;
    this.maxWait = maxWait;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name + "-drop-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    for (int i = 0; i < committers; i++) {
      int committer = i;
      Thread thread = new Thread(() -> run(committer), name + "-committer-" + i);
      thread.setDaemon(true);
      this.committers.add(thread);
      thread.start();
    }
  }

  /**
   * Completes once the statements are committed, on the committer's thread; fails with what made their transaction
   * fail, or with a {@link TimeoutException} when no committer took them within {@code maxWait}.
   */
  CompletableFuture<Void> submit(List<PreparedStatement> statements) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the publisher is closed"));
    }
    Request request = new Request(statements);
    ScheduledFuture<?> drop;
    try {
      drop = timer.schedule(() -> {
        if (request.state.compareAndSet(QUEUED, DROPPED)) {
          request.done.completeExceptionally(
              new TimeoutException("no Kafka transaction was free for " + maxWait.toMillis() + " ms"));
        }
      }, maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      return CompletableFuture.failedFuture(new IllegalStateException("the publisher is closed"));
    }
    request.done.whenComplete((ok, failed) -> drop.cancel(false)); // frees the request at once, not after maxWait
    queue.addLast(request);
    return request.done;
  }

  /** Requests waiting for a committer. */
  int waiting() {
    return queue.size();
  }

  private void run(int committer) {
    while (!closed) {
      List<Request> group;
      try {
        group = nextGroup();
      } catch (InterruptedException e) {
        return;
      }
      if (!group.isEmpty()) {
        commit(committer, group);
      }
    }
  }

  private List<Request> nextGroup() throws InterruptedException {
    List<Request> group = new ArrayList<>();
    Request first = queue.pollFirst(100, TimeUnit.MILLISECONDS);
    int statements = 0;
    for (Request next = first; next != null; next = queue.pollFirst()) {
      if (!group.isEmpty() && statements + next.statements.size() > GROUP_STATEMENTS) {
        queue.offerFirst(next);
        break;
      }
      if (next.state.compareAndSet(QUEUED, TAKEN)) {
        group.add(next);
        statements += next.statements.size();
      }
    }
    return group;
  }

  private void commit(int committer, List<Request> group) {
    try {
      transaction.commit(committer, group.size() == 1 ? group.get(0).statements : concat(group));
      group.forEach(r -> r.done.complete(null));
    } catch (Exception e) {
      if (group.size() == 1 || !refusedForARecord(e)) {
        group.forEach(r -> r.done.completeExceptionally(e));
        return;
      }
      for (Request r : group) {
        try {
          transaction.commit(committer, r.statements);
          r.done.complete(null);
        } catch (Exception alone) {
          r.done.completeExceptionally(alone);
        }
      }
    }
  }

  private static boolean refusedForARecord(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
          || t instanceof InvalidRecordException) {
        return true;
      }
    }
    return false;
  }

  private static List<PreparedStatement> concat(List<Request> group) {
    List<PreparedStatement> all = new ArrayList<>();
    for (Request r : group) {
      all.addAll(r.statements);
    }
    return all;
  }

  /** Lets each committer finish its transaction (waiting up to {@code wait} in all); requests still queued fail. */
  void close(Duration wait) {
    closed = true;
    timer.shutdownNow();
    long deadline = System.nanoTime() + wait.toNanos();
    for (Thread t : committers) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Request r = queue.pollFirst(); r != null; r = queue.pollFirst()) {
      r.done.completeExceptionally(new IllegalStateException("the publisher closed before the batch was written"));
    }
  }
}
