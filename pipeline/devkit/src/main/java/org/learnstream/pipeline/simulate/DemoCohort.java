package org.learnstream.pipeline.simulate;

import java.util.List;
import java.util.stream.Stream;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

/**
 * The cohort {@code learnstream demo} streams: {@link CohortSpec#demo()} with the demo's seed, learners and days, and
 * its statements in the order the demo sends them (the cohort's, then the malformed ones). Whatever else streams "the
 * demo cohort" takes it from here, so that it cannot drift from what the demo shows.
 */
public record DemoCohort(CohortSpec spec) {

  /** One section per 25 learners, at most the demo's 8. */
  private static final int LEARNERS_PER_SECTION = 25;

  /** The demo's cohort for {@code learners} over {@code days} from {@code seed}. */
  public static DemoCohort of(long seed, int learners, int days) {
    CohortSpec demo = CohortSpec.demo();
    int sections = Math.max(1, Math.min(demo.sections(), learners / LEARNERS_PER_SECTION));
    return new DemoCohort(demo.withSeed(seed).withLearners(learners).withDays(days).withSections(sections));
  }

  /** The demo's cohort with its defaults (those of {@code learnstream demo} without options). */
  public static DemoCohort defaults() {
    CohortSpec demo = CohortSpec.demo();
    return of(demo.seed(), demo.learners(), demo.days());
  }

  /** The malformed statements sent after the cohort's, which end as dead letters. */
  public List<BadStatement> malformed() {
    return BadStatements.of(spec);
  }

  /** Every statement the demo sends, in its order, each with its Kafka key ({@code tenant|actor}). */
  public Stream<Keyed> statements() {
    Stream<Keyed> good = new CohortSimulator(spec).statements().map(s -> new Keyed(s.actorKey(), s.json()));
    Stream<Keyed> bad = malformed().stream().map(b -> new Keyed(b.actorKey(), b.json()));
    return Stream.concat(good, bad);
  }
}
