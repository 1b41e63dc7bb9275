package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.learnstream.pipeline.records.DocumentSchema;

/**
 * Openers of one fresh document database let go at the same moment, as the endpoint, the job's operators and the
 * CLI are on a first start: each must open it, and each migration must be applied by exactly one of them.
 */
final class MigratedTogether {

  private MigratedTogether() {
  }

  /** Opens the database with {@code open} from {@code openers} threads at once; returns the versions each applied. */
  static List<List<Integer>> openAtOnce(int openers, Supplier<DocumentDatabase> open) throws Exception {
    CyclicBarrier start = new CyclicBarrier(openers);
    ExecutorService threads = Executors.newFixedThreadPool(openers);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int i = 0; i < openers; i++) {
        Callable<List<Integer>> opener = () -> {
          start.await(30, TimeUnit.SECONDS);
          try (DocumentDatabase database = open.get()) {
            return database.appliedMigrations();
          }
        };
        results.add(threads.submit(opener));
      }
      List<List<Integer>> applied = new ArrayList<>();
      for (Future<List<Integer>> result : results) {
        applied.add(result.get(2, TimeUnit.MINUTES));
      }
      return applied;
    } finally {
      threads.shutdownNow();
    }
  }

  /** Every migration applied once, by one opener or another. */
  static void assertEachAppliedOnce(List<List<Integer>> applied) {
    assertThat(applied.stream().flatMap(List::stream).sorted().toList())
        .isEqualTo(IntStream.rangeClosed(1, DocumentSchema.latestVersion()).boxed().toList());
  }
}
