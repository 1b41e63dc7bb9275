package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.xapi.StatementNormalizer.Accepted;

/**
 * Sanity check that normalisation stays cheap: the pipeline needs >= 50k statements/s on 2 cores. The floor asserted
 * here is far below that so a busy shared machine does not fail it; it catches pathological regressions (a mapper or
 * regex built per call, exceptions on the happy path), and the measured rate is printed.
 */
class NormalizerThroughputTest {

  private static final String STATEMENT = """
      {"id": "%s", "actor": {"name": "Learner", "mbox": "mailto:learner%d@example.com"},
       "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
       "object": {"id": "http://example.com/items/%d", "objectType": "Activity",
                  "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
                                 "name": {"en-US": "Item"}, "correctResponsesPattern": ["a"],
                                 "choices": [{"id": "a", "description": {"en-US": "A"}}, {"id": "b", "description": {"en-US": "B"}}]}},
       "result": {"success": true, "score": {"scaled": 1.0, "raw": 1, "min": 0, "max": 1}, "duration": "PT12.5S"},
       "context": {"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7", "platform": "Quiz",
                   "contextActivities": {"grouping": [{"id": "http://example.com/course/1"}], "parent": [{"id": "http://example.com/quiz/2"}]}},
       "timestamp": "2024-05-01T10:15:30.250Z", "version": "1.0.3"}""";

  @Test
  void normalisesTypicalStatementsQuickly() {
    var normalizer = new StatementNormalizer(new StatementValidator(), Pseudonymizer.unkeyed(), XapiVersion.V1_0_3);
    byte[][] inputs = new byte[1_000][];
    for (int i = 0; i < inputs.length; i++) {
      String id = String.format("%08x-0000-4000-8000-%012x", i, i);
      inputs[i] = String.format(STATEMENT, id, i % 97, i % 13).getBytes(StandardCharsets.UTF_8);
    }
    run(normalizer, inputs, 20_000); // warm-up
    int n = 40_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    int accepted = run(normalizer, inputs, n);
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    // CPU time, not wall time: the build machine is shared, and CPU time is what the pipeline budget is about.
    double perCpuSecond = n / cpuSeconds;
    System.out.printf("xAPI normalise throughput: %.0f statements per CPU second (%.0f/s wall) on one thread%n",
        perCpuSecond, n / wallSeconds);
    assertThat(accepted).isEqualTo(n);
    assertThat(perCpuSecond).as("statements per CPU second on one thread").isGreaterThan(10_000);
  }

  private static int run(StatementNormalizer normalizer, byte[][] inputs, int n) {
    int accepted = 0;
    for (int i = 0; i < n; i++) {
      if (normalizer.normalize("t1", inputs[i % inputs.length], 0L) instanceof Accepted) {
        accepted++;
      }
    }
    return accepted;
  }
}
