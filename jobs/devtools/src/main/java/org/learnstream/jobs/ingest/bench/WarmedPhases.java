package org.learnstream.jobs.ingest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the warm-up of every phase before the first measured phase, then the measured phases in the same order, each
 * right after an unmeasured run of itself as long as the measured one. The endpoint and its yardsticks share much of
 * their code (Kafka's producer and broker, Jetty); a phase measured first would otherwise also pay for compiling that
 * code while the ones after it find it compiled. And the phases warmed up after it change what the JIT compiler saw
 * of that shared code: profiled with Flight Recorder, the compiler's threads took 0.15-0.3 cores in the first measured
 * phase (recompiling for its load) and 0.03-0.05 in the ones after; the run of itself before each measured phase
 * lets much of that happen before the phase is measured.
 */
public final class WarmedPhases {

  /** One kind of load, run for the given time under the given name. */
  @FunctionalInterface
  public interface Phase {
    LoadResult run(String name, Duration duration) throws Exception;
  }

  /** A phase and the name its measured result carries. */
  public record Named(String name, Phase phase) {
  }

  private WarmedPhases() {
  }

  /**
   * Measures every phase {@code rounds} times, after the warm-up of all. Round r runs the phases from the r-th on, wrapping
   * round, so that no phase is always the first measured after the warm-up: the broker's request handlers have been
   * seen to spend up to three times as much per request in the first measured phase as in the same phase later on,
   * whichever phase came first. With more than one round each measured result's name ends in its round.
   *
   * @param measured receives each measured result as soon as its phase ends
   * @return per round, the measured results in the order of {@code phases}
   */
  public static List<List<LoadResult>> runRounds(List<Named> phases, Duration warmup, Duration duration, int rounds,
      Consumer<LoadResult> measured) throws Exception {
    if (!warmup.isZero()) {
      for (Named p : phases) {
        p.phase().run("warm-up: " + p.name(), warmup);
      }
    }
    List<List<LoadResult>> results = new ArrayList<>(rounds);
    for (int round = 0; round < rounds; round++) {
      LoadResult[] inOrder = new LoadResult[phases.size()];
      for (int i = 0; i < phases.size(); i++) {
        int index = (round + i) % phases.size();
        Named p = phases.get(index);
        if (!warmup.isZero()) {
          p.phase().run("settling: " + p.name(), duration);
        }
        LoadResult result = p.phase().run(rounds == 1 ? p.name() : p.name() + " [round " + (round + 1) + "]",
            duration);
        measured.accept(result);
        inOrder[index] = result;
      }
      results.add(List.of(inOrder));
    }
    return results;
  }
}
