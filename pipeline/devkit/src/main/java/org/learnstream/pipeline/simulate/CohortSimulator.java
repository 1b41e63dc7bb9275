package org.learnstream.pipeline.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Simulates a cohort of learners whose hidden skill states drive their answers through BKT's
 * generative model, and renders what they do as xAPI statements.
 *
 * <p>Statements come in event-time order (ties by learner), generated lazily: memory grows with the
 * number of learners, not statements. The same spec always yields byte-identical statements.
 */
public final class CohortSimulator {

  private final CohortSpec spec;
  private final CohortPlan plan;
  private final String course;
  private volatile GroundTruth truth;

  public CohortSimulator(CohortSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("CohortSpec must not be null");
    }
    this.spec = spec;
    this.plan = new CohortPlan(spec);
    this.course = "https://learnstream.example/" + spec.tenant() + "/courses/maths";
  }

  public CohortSpec spec() {
    return spec;
  }

  /** A fresh pass over all statements; each call starts from the beginning. */
  public Stream<SimulatedStatement> statements() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
  }

  /** Like {@link #statements()}, for callers that pull one at a time (e.g. a source with checkpoints). */
  public Iterator<SimulatedStatement> iterator() {
    return new Merge();
  }

  /** The hidden truth; computed on first use by replaying every learner without rendering JSON. */
  public GroundTruth truth() {
    GroundTruth t = truth;
    if (t == null) {
      synchronized (this) {
        t = truth;
        if (t == null) {
          List<LearnerTruth> learners = new ArrayList<>(spec.learners());
          for (int i = 0; i < spec.learners(); i++) {
            LearnerSimulation sim = new LearnerSimulation(plan, i);
            learners.add(sim.finish(email(i), displayName(i), actorKey(i), section(i)));
          }
          t = new GroundTruth(spec, learners);
          truth = t;
        }
      }
    }
    return t;
  }

  /** The learner directory: every learner of the cohort in index order, without simulating anything. */
  public List<SimulatedLearner> learners() {
    List<SimulatedLearner> learners = new ArrayList<>(spec.learners());
    for (int i = 0; i < spec.learners(); i++) {
      learners.add(new SimulatedLearner(i, email(i), displayName(i), actorKey(i), section(i), registration(i)));
    }
    return List.copyOf(learners);
  }

  /** E-mail of learner {@code index}: {@code learner-0042@<tenant>.example}. */
  public String email(int index) {
    return String.format("learner-%04d@%s.example", index, spec.tenant());
  }

  public String displayName(int index) {
    return Names.displayName(spec.seed(), index);
  }

  /** Kafka key of learner {@code index}'s statements: {@code tenant|mbox:mailto:...}. */
  public String actorKey(int index) {
    return spec.tenant() + "|mbox:mailto:" + email(index);
  }

  /** IRI of learner {@code index}'s class section (context.contextActivities.parent). */
  public String section(int index) {
    return String.format("https://learnstream.example/%s/sections/section-%02d", spec.tenant(),
        index % spec.sections() + 1);
  }

  /** IRI of the course all sections belong to (context.contextActivities.grouping). */
  public String course() {
    return course;
  }

  /** context.registration of learner {@code index}: one enrolment per learner. */
  public String registration(int index) {
    return StatementWriter.uuid(Rng.streamSeed(spec.seed(), index) ^ 0x5245474953L, -1);
  }

  /** Merges the learners' time-ordered event sequences into one. */
  private final class Merge implements Iterator<SimulatedStatement> {

    private final PriorityQueue<LearnerSimulation> queue;
    private final StatementWriter writer = new StatementWriter(plan);
    private final String[] emails;
    private final String[] actorKeys;

    Merge() {
      int n = spec.learners();
      queue = new PriorityQueue<>(Math.max(1, n), (a, b) -> a.time != b.time
          ? Long.compare(a.time, b.time)
          : Integer.compare(a.index, b.index));
      emails = new String[n];
      actorKeys = new String[n];
      for (int i = 0; i < n; i++) {
        LearnerSimulation sim = new LearnerSimulation(plan, i);
        if (sim.advance()) {
          emails[i] = email(i);
          actorKeys[i] = actorKey(i);
          sim.jsonFragments = StatementWriter.learnerFragments(displayName(i), emails[i], registration(i), section(i),
              course);
          queue.add(sim);
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !queue.isEmpty();
    }

    @Override
    public SimulatedStatement next() {
      LearnerSimulation sim = queue.poll();
      if (sim == null) {
        throw new NoSuchElementException("the cohort has no more statements");
      }
      String id = writer.write(sim);
      SimulatedStatement statement = new SimulatedStatement(spec.tenant(), actorKeys[sim.index], writer.json(),
          Instant.ofEpochMilli(sim.time), id, emails[sim.index], plan.skills[sim.skill].skillId(), sim.correct,
          SimulatedStatement.Verb.values()[sim.kind], sim.knownBefore, sim.shaped, sim.attempt, sim.durationMillis);
      if (sim.advance()) {
        queue.add(sim);
      }
      return statement;
    }
  }
}
