package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;

class DemoCohortStatementsTest {

  @Test
  void theDemoCohortWithItsDefaultsIsTheDocumentedDemoSpec() {
    assertThat(DemoCohort.defaults().spec()).isEqualTo(CohortSpec.demo());
  }

  @Test
  void aResizedDemoCohortHasOneSectionPerTwentyFiveLearnersBetweenOneAndEight() {
    assertThat(DemoCohort.of(1, 10, 3).spec().sections()).isEqualTo(1);
    assertThat(DemoCohort.of(1, 60, 3).spec().sections()).isEqualTo(2);
    assertThat(DemoCohort.of(1, 1000, 3).spec().sections()).isEqualTo(8);
    assertThat(DemoCohort.of(9, 60, 3).spec()).isEqualTo(CohortSpec.demo().withSeed(9).withLearners(60).withDays(3)
        .withSections(2));
  }

  @Test
  void theDemoSendsTheCohortsStatementsInOrderThenItsMalformedOnes() {
    DemoCohort cohort = DemoCohort.of(3, 20, 2);
    Stream<String> good = new CohortSimulator(cohort.spec()).statements()
        .map(s -> s.actorKey() + " " + text(s.json()));
    Stream<String> bad = BadStatements.of(cohort.spec()).stream().map(b -> b.actorKey() + " " + text(b.json()));

    List<String> sent = cohort.statements().map(k -> k.key() + " " + text(k.json())).toList();

    assertThat(sent).containsExactlyElementsOf(Stream.concat(good, bad).toList());
    assertThat(cohort.malformed()).hasSize(6);
  }

  @Test
  void theSameSeedAndSizeGiveByteIdenticalStatements() {
    List<Keyed> first = DemoCohort.of(4, 15, 2).statements().toList();
    List<Keyed> second = DemoCohort.of(4, 15, 2).statements().toList();

    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).key()).isEqualTo(first.get(i).key());
      assertThat(second.get(i).json()).isEqualTo(first.get(i).json());
    }
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
