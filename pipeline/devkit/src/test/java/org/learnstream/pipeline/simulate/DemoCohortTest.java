package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DemoCohortTest {

  @Test
  void theDemoCohortIsTwoHundredLearnersOnTenSkillsOverTwoWeeks() {
    CohortSpec demo = CohortSpec.demo();
    assertThat(demo.tenant()).isEqualTo("demo");
    assertThat(demo.learners()).isGreaterThanOrEqualTo(200);
    assertThat(demo.skillsCount()).isGreaterThanOrEqualTo(10);
    assertThat(demo.days()).isGreaterThanOrEqualTo(14);
    assertThat(demo.sections()).isEqualTo(8);
  }

  @Test
  void theDemoStreamsFiftyToOneHundredFiftyThousandStatementsOnSchoolDaysInSchoolHours() {
    CohortSpec demo = CohortSpec.demo();
    Set<String> learners = new HashSet<>();
    Set<String> skills = new HashSet<>();
    AtomicLong count = new AtomicLong();
    LocalTime earliest = demo.practice().schoolStart();
    // A session starts by the end of school hours and runs at most ~20 attempts of up to 5 minutes.
    LocalTime latest = demo.practice().schoolEnd().plusHours(2);
    new CohortSimulator(demo).statements().forEach(s -> {
      count.incrementAndGet();
      learners.add(s.learnerEmail());
      skills.add(s.skillId());
      ZonedDateTime local = s.timestamp().atZone(demo.zone());
      assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      assertThat(local.toLocalTime()).isBetween(earliest, latest);
      assertThat(s.timestamp()).isBetween(demo.start(), demo.start().plus(Duration.ofDays(demo.days())));
    });
    System.out.printf("demo cohort: %d statements from %d learners on %d skills%n", count.get(), learners.size(),
        skills.size());
    assertThat(count.get()).isBetween(50_000L, 150_000L);
    assertThat(learners).hasSize(200);
    assertThat(skills).hasSize(10);
  }

  @Test
  void aCohortCanBeMovedToEndBeforeAGivenMoment() {
    Instant now = Instant.parse("2026-11-19T10:00:00Z"); // a Thursday
    CohortSpec recent = CohortSpec.demo().endingBefore(now);
    assertThat(recent.start()).isEqualTo(Instant.parse("2026-11-05T00:00:00Z"));
    SimulatedStatement last = new CohortSimulator(recent.withLearners(20).withSections(2)).statements()
        .reduce((a, b) -> b).orElseThrow();
    // The last school day is Wednesday the 18th.
    assertThat(last.timestamp()).isBetween(Instant.parse("2026-11-18T00:00:00Z"),
        Instant.parse("2026-11-19T00:00:00Z"));
  }

  @Test
  void theLearnerDirectoryMatchesTheActorsInTheStatements() {
    CohortSimulator simulator = new CohortSimulator(CohortSpec.demo().withLearners(30).withSections(3));
    Map<String, SimulatedLearner> directory = new HashMap<>();
    simulator.learners().forEach(l -> directory.put(l.actorKey(), l));
    assertThat(directory).hasSize(30);
    simulator.statements().limit(2000).forEach(s -> {
      SimulatedLearner learner = directory.get(s.actorKey());
      assertThat(learner).isNotNull();
      assertThat(learner.email()).isEqualTo(s.learnerEmail());
      assertThat(new String(s.json(), StandardCharsets.UTF_8))
          .contains("\"name\":\"" + learner.displayName() + "\"")
          .contains("\"registration\":\"" + learner.registration() + "\"")
          .contains(learner.section());
    });
  }
}
