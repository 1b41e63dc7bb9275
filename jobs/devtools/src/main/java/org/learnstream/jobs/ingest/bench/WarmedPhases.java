package org.learnstream.jobs.ingest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the warm-up of every phase before the first measured phase, then the measured phases in the same order. The
 * endpoint and its yardsticks share much of their code (Kafka's producer and broker, Jetty); a phase measured first
 * would otherwise also pay for compiling that code while the ones after it find it compiled.
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
   * @param measured receives each measured result as soon as its phase ends
   * @return the measured results, in the order of {@code phases}
   */
  public static List<LoadResult> run(List<Named> phases, Duration warmup, Duration duration,
      Consumer<LoadResult> measured) throws Exception {
    if (!warmup.isZero()) {
      for (Named p : phases) {
        p.phase().run("warm-up: " + p.name(), warmup);
      }
    }
    List<LoadResult> results = new ArrayList<>(phases.size());
    for (Named p : phases) {
      LoadResult result = p.phase().run(p.name(), duration);
      measured.accept(result);
      results.add(result);
    }
    return results;
  }
}
