package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomStatementIdsTest {

  private final RandomStatementIds ids = new RandomStatementIds();

  @Test
  void producesVersionFourUuidsOfTheIetfVariant() {
    for (int i = 0; i < 1_000; i++) {
      UUID id = ids.get();
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
    }
  }

  @Test
  void neverRepeatsAnIdAcrossThreads() throws Exception {
    Set<UUID> seen = java.util.Collections.synchronizedSet(new HashSet<>());
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          seen.add(ids.get());
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(seen).hasSize(40_000);
  }
}
