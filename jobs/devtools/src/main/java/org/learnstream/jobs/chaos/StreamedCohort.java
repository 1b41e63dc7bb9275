package org.learnstream.jobs.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.simulate.DemoCohort;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

/**
 * What a chaos run streams, and what its clean MiniCluster run is computed from: the suite's seeded cohort, or the
 * demo's ({@code learnstream demo}'s own statements, its malformed ones included). {@code name} goes into the printed
 * line; {@code spec} tells the tenant, the well-formed statements and when the cohort ends; {@code leftOut}: the
 * well-formed statements of learners left out of {@code statements} ({@link #without}).
 */
public record StreamedCohort(String name, CohortSpec spec, Supplier<Stream<Keyed>> statements, long leftOut) {

  public StreamedCohort(String name, CohortSpec spec, Supplier<Stream<Keyed>> statements) {
    this(name, spec, statements, 0);
  }

  /** The suite's cohort of {@link ChaosSettings#cohort()}: well-formed statements only. */
  public static StreamedCohort suite(ChaosSettings settings) {
    CohortSpec spec = settings.cohort();
    return new StreamedCohort("chaos", spec,
        () -> new CohortSimulator(spec).statements().map(s -> new Keyed(s.actorKey(), s.json())));
  }

  /** The demo's cohort, statement for statement as the demo sends it. */
  public static StreamedCohort demo(DemoCohort demo) {
    return new StreamedCohort("demo", demo.spec(), demo::statements);
  }

  String tenant() {
    return spec.tenant();
  }

  /** Statements that must reach learning_events: the malformed ones end as dead letters. */
  long wellFormed() {
    return new CohortSimulator(spec).truth().totalStatements() - leftOut;
  }

  /** The same statements without {@code learner}'s, as if they had never sent any: what their erasure must leave. */
  StreamedCohort without(LearnerTruth learner) {
    return new StreamedCohort(name + "-without-learner-" + learner.index(), spec,
        () -> statements.get().filter(s -> !s.key().equals(learner.actorKey())), leftOut + learner.statements());
  }

  /** Every statement sent, the malformed ones included. */
  long sent() {
    try (Stream<Keyed> all = statements.get()) {
      return all.count();
    }
  }

  Iterator<Keyed> iterator() {
    return statements.get().iterator();
  }

  /** A moment after the cohort's last statement (school days counted as calendar days, and three more). */
  Instant end() {
    return spec.start().plus(Duration.ofDays(spec.days() * 7L / 5 + 3));
  }

  /** How the output names the cohort: its size, seed and statements. */
  String description() {
    return String.format("the %s cohort: %d learners x %d skills x %d days, seed %d, tenant %s, %d statements "
        + "(%d well-formed)", name, spec.learners(), spec.skillsCount(), spec.days(), spec.seed(), spec.tenant(),
        sent(), wellFormed());
  }
}
