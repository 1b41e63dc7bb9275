package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.LearningEvent;

/**
 * An erasure ledger entry reaching void routing: every statement remembered for the erased learner (their responses,
 * their own voids) is forgotten, whatever statement it is keyed by; other learners' and a teacher's voids stay.
 */
class VoidRoutingErasureTest extends PipelineTestBase {

  @Test
  void anErasureForgetsEveryStatementRememberedForTheLearnerAndNobodyElses() throws Exception {
    try (var h = VoidRoutingHarness.open(128, null)) {
      route(h, response(ANA, "fractions", "ana-1", T0, true));
      route(h, response(ANA, "decimals", "ana-1", T0, true));
      route(h, response(ANA, "fractions", "ana-2", T0, true));
      route(h, LearningEvent.newBuilder(voiding("ana-void", "ana-unseen", T1)).setLearner(ANA).build());
      route(h, response(BEN, "fractions", "ben-1", T0, true));
      route(h, voiding("teacher-void", "ana-2", T1));
      assertThat(learnersRemembered(h)).containsExactlyInAnyOrder(ANA, ANA, BEN, "teacher-1");
      h.getOutput().clear();

      erase(h, ANA);

      assertThat(learnersRemembered(h)).containsExactlyInAnyOrder(BEN, "teacher-1");
      route(h, voiding("late-void", "ana-1", T3));
      route(h, voiding("ben-void", "ben-1", T3));
      assertThat(h.extractOutputValues()).as("no retraction of the erased learner's answer")
          .singleElement().satisfies(retraction -> {
            assertThat(VoidRouting.isRetraction(retraction)).isTrue();
            assertThat(retraction.getLearner()).isEqualTo(BEN);
          });
    }
  }

  @Test
  void theErasedLearnersStatementsStillOnTheirWayAreDroppedAndLaterOnesPass() throws Exception {
    try (var h = VoidRoutingHarness.open(128, null)) {
      erase(h, ANA);

      route(h, response(ANA, "fractions", "dated-before", T1, true));
      route(h, LearningEvent.newBuilder(response(ANA, "fractions", "stored-before", T3, true)).setStored(T1).build());
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(learnersRemembered(h)).isEmpty();

      route(h, response(ANA, "fractions", "after", T3, true));
      assertThat(h.extractOutputValues()).extracting(LearningEvent::getStatementId).containsExactly("after");
    }
  }

  /**
   * What void routing remembered before it took erasures (one keyed input): a snapshot of that operator, taken by the
   * build before this one, restores into the broadcast-connected one, which then forgets.
   */
  @Test
  void aSnapshotOfTheOperatorBeforeItTookErasuresRestoresAndItsLearnersCanBeForgotten() throws Exception {
    try (var h = VoidRoutingHarness.open(128, OperatorSnapshotUtil.readStateHandle(
        "src/test/resources/snapshots/void-routing-keyed-process.snapshot"))) {
      // restored: ana-1, ana-2 of ana and ben-1, ben-2 of ben, tenant "school"
      assertThat(learnersRemembered(h)).containsExactlyInAnyOrder(ANA, ANA, BEN, BEN);

      erase(h, ANA);
      route(h, voiding("v", "ben-1", T3));

      assertThat(learnersRemembered(h)).containsExactlyInAnyOrder(BEN, "teacher-1");
      assertThat(h.extractOutputValues()).extracting(LearningEvent::getLearner).containsExactly(BEN);
    }
  }

  /** The learner of every statement the operator remembers, read from its keyed state. */
  private static List<String> learnersRemembered(
      KeyedBroadcastOperatorTestHarness<String, LearningEvent, ErasureRequest, LearningEvent> h) throws Exception {
    AvroCodec<LearningEvent> codec = AvroCodec.of(LearningEvent.class);
    List<String> learners = new ArrayList<>();
    h.getOperator().<String>getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE,
        VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("statement-encoded",
            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
        (key, state) -> {
          byte[] encoded = state.value();
          if (encoded != null) {
            learners.add(codec.decode(encoded).getLearner());
          }
        });
    return learners;
  }

  private static void erase(KeyedBroadcastOperatorTestHarness<String, LearningEvent, ErasureRequest, LearningEvent> h,
      String learner) throws Exception {
    h.processBroadcastElement(ErasureRequest.of("erasure-1", TENANT, learner, ERASED_AT), ERASED_AT.toEpochMilli());
  }

  private static void route(KeyedBroadcastOperatorTestHarness<String, LearningEvent, ErasureRequest, LearningEvent> h,
      LearningEvent event) throws Exception {
    h.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }
}
