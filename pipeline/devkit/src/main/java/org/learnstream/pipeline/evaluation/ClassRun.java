package org.learnstream.pipeline.evaluation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.learnstream.pipeline.simulate.Behaviour;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.GroundTruth;
import org.learnstream.pipeline.simulate.LearnerTruth;
import org.learnstream.pipeline.simulate.SimulatedStatement;
import org.learnstream.pipeline.warning.AlertChange;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.pipeline.warning.ClassPatternSettings;
import org.learnstream.pipeline.warning.ClassWarnings;
import org.learnstream.pipeline.warning.rules.InactivityRule;

/**
 * The classes of an evaluation run: applies the {@link ClassEvent} to the cohort's statements, and passes each alert
 * change through its class's {@link ClassWarnings}, as the streaming job does, counting what it withholds.
 */
final class ClassRun {

  private final ClassPatternSettings settings;
  private final ClassEvent event;
  private final String tenant;
  private final String course;
  private final String eventSection;
  private final long eventFrom;
  private final long eventUntil;
  private final Map<String, String> sectionOf = new HashMap<>();
  private final Map<String, ClassWarnings> classes = new HashMap<>();
  private final List<ClassPattern> patterns = new ArrayList<>();
  private final List<AlertChange> withheld = new ArrayList<>();
  private final List<AlertChange> eventClassActs = new ArrayList<>();

  ClassRun(CohortSimulator cohort, ClassPatternSettings settings, ClassEvent event) {
    this.settings = settings;
    this.event = event;
    this.tenant = cohort.spec().tenant();
    this.course = cohort.course();
    cohort.learners().forEach(l -> sectionOf.put(l.email(), l.section()));
    long start = cohort.spec().start().toEpochMilli();
    this.eventSection = event == null ? null : cohort.section(event.section() - 1);
    this.eventFrom = event == null ? Long.MAX_VALUE : start + Duration.ofDays(event.fromDay()).toMillis();
    this.eventUntil = event == null ? Long.MAX_VALUE : eventFrom + Duration.ofDays(event.days()).toMillis();
  }

  /** Whether the class event keeps this statement from happening (its learner's class is away). */
  boolean skipped(SimulatedStatement s) {
    long t = s.timestamp().toEpochMilli();
    return t >= eventFrom && t < eventUntil && sectionOf.get(s.learnerEmail()).equals(eventSection);
  }

  void onActivity(SimulatedStatement s) {
    classOf(sectionOf.get(s.learnerEmail())).onActivity(s.learnerEmail(), s.timestamp().toEpochMilli());
  }

  /** Adds to {@code out} the changes that reach specialists. */
  void pass(List<AlertChange> changes, List<AlertChange> out) {
    for (AlertChange c : changes) {
      boolean passes = classOf(c.section()).onAlert(c, settings, patterns);
      if (passes) {
        out.add(c);
      } else {
        withheld.add(c);
      }
      if (c.escalation() && passes && isEventSymptom(c)) {
        eventClassActs.add(c);
      }
    }
  }

  ClassFigures figures(GroundTruth truth) {
    Set<String> distinct = new HashSet<>();
    patterns.forEach(p -> distinct.add(p.section() + '|' + p.rule() + '|' + p.skill()));
    int own = 0;
    int inEventClass = 0;
    for (AlertChange c : withheld) {
      LearnerTruth l = truth.learner(c.learner());
      Behaviour b = l.behaviour();
      if (b != Behaviour.NONE && l.onset() != null && c.rule().id().equals(b.rule())
          && AlertEvaluation.detects(c, l, c.rule())) {
        own++;
      }
      if (isEventSymptom(c)) {
        inEventClass++;
      }
    }
    return new ClassFigures(event, List.copyOf(patterns), distinct.size(), withheld.size(), own,
        eventClassActs.size(), inEventClass);
  }

  /** An inactivity alert of a learner of the event's class from the event on: what a holiday causes. */
  private boolean isEventSymptom(AlertChange c) {
    return c.rule() == InactivityRule.RULE && c.section().equals(eventSection) && c.at() >= eventFrom;
  }

  private ClassWarnings classOf(String section) {
    return classes.computeIfAbsent(section, s -> new ClassWarnings(tenant, course, s));
  }
}
