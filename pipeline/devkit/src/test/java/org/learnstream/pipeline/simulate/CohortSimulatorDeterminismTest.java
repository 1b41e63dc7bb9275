package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CohortSimulatorDeterminismTest {

  private static final CohortSpec SMALL = CohortSpec.demo().withLearners(40).withSections(2).withDays(7);

  @Test
  void theSameSeedYieldsByteIdenticalStatements() {
    Iterator<SimulatedStatement> first = new CohortSimulator(SMALL).iterator();
    Iterator<SimulatedStatement> second = new CohortSimulator(SMALL).iterator();
    long compared = 0;
    while (first.hasNext()) {
      assertThat(second.hasNext()).as("second run ended early after %d statements", compared).isTrue();
      SimulatedStatement a = first.next();
      SimulatedStatement b = second.next();
      assertThat(b.json()).isEqualTo(a.json());
      assertThat(b).isEqualTo(a);
      compared++;
    }
    assertThat(second.hasNext()).isFalse();
    assertThat(compared).isGreaterThan(1000);
  }

  @Test
  void aSecondPassOverTheSameSimulatorRepeatsTheFirst() {
    CohortSimulator simulator = new CohortSimulator(SMALL);
    List<String> first = simulator.statements().map(SimulatedStatement::statementId).toList();
    List<String> second = simulator.statements().map(SimulatedStatement::statementId).toList();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aDifferentSeedYieldsDifferentStatements() {
    List<SimulatedStatement> a = new CohortSimulator(SMALL).statements().limit(500).toList();
    List<SimulatedStatement> b = new CohortSimulator(SMALL.withSeed(SMALL.seed() + 1)).statements().limit(500).toList();
    Set<String> idsOfA = new HashSet<>();
    a.forEach(s -> idsOfA.add(s.statementId()));
    assertThat(b).noneMatch(s -> idsOfA.contains(s.statementId()));
    assertThat(b.stream().map(SimulatedStatement::timestamp).toList())
        .isNotEqualTo(a.stream().map(SimulatedStatement::timestamp).toList());
  }

  @Test
  void statementsComeInEventTimeOrderWithUniqueIds() {
    Set<String> ids = new HashSet<>();
    SimulatedStatement previous = null;
    for (Iterator<SimulatedStatement> it = new CohortSimulator(SMALL).iterator(); it.hasNext();) {
      SimulatedStatement s = it.next();
      if (previous != null) {
        assertThat(s.timestamp()).isAfterOrEqualTo(previous.timestamp());
      }
      assertThat(ids.add(s.statementId())).as("duplicate id %s", s.statementId()).isTrue();
      previous = s;
    }
    assertThat(ids).hasSizeGreaterThan(1000);
  }

  @Test
  void theGroundTruthCountsExactlyTheStatementsGenerated() {
    CohortSimulator simulator = new CohortSimulator(SMALL.withBehaviours(BehaviourMix.typical()));
    long generated = simulator.statements().count();
    assertThat(simulator.truth().totalStatements()).isEqualTo(generated);
  }
}
