package org.learnstream.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.LearnerDigest;

class ErasedLearnersStateTest {

  @Test
  void aLearnerKeptByPseudonymIsFoundAndGivenTheKeyOfTheirDigest() {
    String digested = ErasureRequest.learnerKey("school", LearnerDigest.of("school", "ben"));
    Map<String, Long> state = Map.of("school|ana", 1L, digested, 2L, ErasureRequest.statementKey("school", "s-1"), 3L);

    assertThat(ErasedLearnersState.legacyKeys(state.entrySet()))
        .containsExactly(Map.entry("school|ana", "school|" + LearnerDigest.of("school", "ana")));
  }
}
