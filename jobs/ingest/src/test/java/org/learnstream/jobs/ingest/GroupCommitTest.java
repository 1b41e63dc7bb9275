package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private final List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch firstCommitEntered = new CountDownLatch(1);
  private final CountDownLatch releaseFirstCommit = new CountDownLatch(1);
  private GroupCommit groups;

  @AfterEach
  void stop() {
    releaseFirstCommit.countDown();
    if (groups != null) {
      groups.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void batchesArrivingWhileTheCommitterIsBusyShareTheNextTransaction() throws Exception {
    groups = new GroupCommit(1, this::blockingFirstCommit, Duration.ofSeconds(30), "test");
    Future<?> first = publishLater("a1", "a2");
    assertThat(firstCommitEntered.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<?>> waiting = List.of(publishLater("b1", "b2"), publishLater("c1", "c2"), publishLater("d1", "d2"));
    awaitTrue(() -> groups.waiting() == 3);

    releaseFirstCommit.countDown();
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> f : waiting) {
      f.get(10, TimeUnit.SECONDS);
    }

    assertThat(commits).hasSize(2);
    assertThat(commits.get(0)).containsExactly("a1", "a2");
    assertThat(commits.get(1)).containsExactlyInAnyOrder("b1", "b2", "c1", "c2", "d1", "d2");
  }

  @Test
  void aGroupRefusedForOneRecordIsRetriedRequestByRequestSoOnlyThatRequestFails() throws Exception {
    groups = new GroupCommit(1, (committer, statements) -> {
      blockingFirstCommit(committer, statements);
      if (ids(statements).contains("too-large")) {
        throw new RecordTooLargeException("record too large");
      }
    }, Duration.ofSeconds(30), "test");
    Future<?> first = publishLater("a1");
    assertThat(firstCommitEntered.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> good = publishLater("b1", "b2");
    Future<?> bad = publishLater("too-large", "c2");
    awaitTrue(() -> groups.waiting() == 2);

    releaseFirstCommit.countDown();
    first.get(10, TimeUnit.SECONDS);
    good.get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(RecordTooLargeException.class);
    assertThat(commits).contains(List.of("b1", "b2"), List.of("too-large", "c2"));
  }

  @Test
  void aGroupThatFailsForWantOfTheBrokerFailsTogetherWithoutRetries() throws Exception {
    groups = new GroupCommit(1, (committer, statements) -> {
      blockingFirstCommit(committer, statements);
      if (commits.size() > 1) {
        throw new org.apache.kafka.common.errors.TimeoutException("broker unreachable");
      }
    }, Duration.ofSeconds(30), "test");
    Future<?> first = publishLater("a1");
    assertThat(firstCommitEntered.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> b = publishLater("b1");
    Future<?> c = publishLater("c1");
    awaitTrue(() -> groups.waiting() == 2);

    releaseFirstCommit.countDown();
    first.get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasMessageContaining("broker unreachable");
    assertThatThrownBy(() -> c.get(10, TimeUnit.SECONDS)).hasMessageContaining("broker unreachable");
    assertThat(commits).hasSize(2);
  }

  @Test
  void aBatchNoCommitterTakesInTimeFailsAndIsNeverWritten() throws Exception {
    groups = new GroupCommit(1, this::blockingFirstCommit, Duration.ofMillis(200), "test");
    Future<?> first = publishLater("a1");
    assertThat(firstCommitEntered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> groups.submit(statements("late")).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("200 ms");
    releaseFirstCommit.countDown();
    first.get(10, TimeUnit.SECONDS);
    groups.submit(statements("after")).get(10, TimeUnit.SECONDS);

    assertThat(commits).containsExactly(List.of("a1"), List.of("after"));
  }

  private void blockingFirstCommit(int committer, List<PreparedStatement> statements) throws InterruptedException {
    commits.add(ids(statements));
    if (commits.size() == 1) {
      firstCommitEntered.countDown();
      assertThat(releaseFirstCommit.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Future<?> publishLater(String... ids) {
    return groups.submit(statements(ids));
  }

  private static List<PreparedStatement> statements(String... ids) {
    List<PreparedStatement> out = new ArrayList<>();
    for (String id : ids) {
      out.add(new PreparedStatement(id, "demo|" + id, new byte[] {'{', '}'}, null, false));
    }
    return out;
  }

  private static List<String> ids(List<PreparedStatement> statements) {
    return statements.stream().map(PreparedStatement::id).toList();
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
