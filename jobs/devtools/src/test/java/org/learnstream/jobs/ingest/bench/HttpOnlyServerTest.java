package org.learnstream.jobs.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpOnlyServerTest {

  @Test
  void answersEveryBatchAndSingleRequestOfTheLoadDriverWithinItsRequestBudget() throws Exception {
    BenchStatements bodies = new BenchStatements(10);
    try (HttpOnlyServer server = HttpOnlyServer.start(10);
        IngestLoadDriver driver = new IngestLoadDriver(server.baseUrl(), "demo", "demo")) {
      LoadResult batched = driver.run("batched", 2, 10, bodies::batch, Duration.ofSeconds(30), 40);
      LoadResult single = driver.run("single", 2, 1, bodies::single, Duration.ofSeconds(30), 40);

      assertThat(batched.failures()).as(batched.firstFailure()).isZero();
      assertThat(batched.requests()).isEqualTo(40);
      assertThat(batched.statementsPerSecond()).isCloseTo(batched.requestsPerSecond() * 10, within(1e-6));
      assertThat(single.failures()).as(single.firstFailure()).isZero();
      assertThat(single.requests()).isEqualTo(40);
      assertThat(single.p99()).isGreaterThanOrEqualTo(single.p50()).isPositive();
    }
  }
}
