package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.LearningEvent;

/** The erasure filter drops what an erased learner did up to the erasure, from the ledger's stream or its start. */
class ErasureFilterTest extends PipelineTestBase {

  @Test
  void theErasedLearnersEventsUpToTheErasureAreDroppedAndLaterOnesAndOtherLearnersPass() throws Exception {
    try (BroadcastOperatorTestHarness<LearningEvent, ErasureRequest, LearningEvent> h = harness(Map.of())) {
      h.processBroadcastElement(ErasureRequest.of("e-1", TENANT, "ana", T2), 0L);

      send(h, response("ana", SKILL, "dated-before", T1, true));
      send(h, response("ana", SKILL, "at-the-erasure", T2, true));
      send(h, LearningEvent.newBuilder(response("ana", SKILL, "stored-before", T3, true)).setStored(T1).build());
      send(h, response("ana", SKILL, "after", T3, true));
      send(h, response("ben", SKILL, "ben", T1, true));
      send(h, LearningEvent.newBuilder(response("ana", SKILL, "other-tenant", T1, true)).setTenant("other").build());

      assertThat(h.extractOutputValues()).extracting(LearningEvent::getStatementId)
          .containsExactly("after", "ben", "other-tenant");
    }
  }

  @Test
  void anEventNamedByAnErasedRecordsPseudonymIsDroppedWhenEverItIsDatedForThePseudonymIsNeverGivenAgain()
      throws Exception {
    try (BroadcastOperatorTestHarness<LearningEvent, ErasureRequest, LearningEvent> h = harness(Map.of())) {
      h.processBroadcastElement(ErasureRequest.of("e-1", TENANT, "ana", T2), 0L);

      send(h, LearningEvent.newBuilder(response("ana", SKILL, "record-after", T3, true))
          .setLearnerRecord("7d3c1a52-0000-4000-8000-000000000001").build());
      send(h, response("ana", SKILL, "hmac-after", T3, true));

      assertThat(h.extractOutputValues()).extracting(LearningEvent::getStatementId).containsExactly("hmac-after");
    }
  }

  @Test
  void entriesKnownAtStartDropEventsThatArriveBeforeTheLedgersReaderHasSentThem() throws Exception {
    Map<String, Long> atStart = Map.of(ErasureRequest.learnerKey(TENANT, LearnerDigest.of(TENANT, "ana")),
        T2.toEpochMilli());
    try (BroadcastOperatorTestHarness<LearningEvent, ErasureRequest, LearningEvent> h = harness(atStart)) {
      send(h, response("ana", SKILL, "replayed", T1, true));
      send(h, response("ben", SKILL, "ben", T1, true));

      assertThat(h.extractOutputValues()).extracting(LearningEvent::getStatementId).containsExactly("ben");
    }
  }

  @Test
  void theLatestRequestOfALearnerCountsWhenTheLedgerHoldsSeveral() {
    Map<String, Long> byLearner = Erasures.byLearner(java.util.List.of(
        ErasureRequest.of("e-1", TENANT, "ana", T1), ErasureRequest.of("e-2", TENANT, "ana", T3)));

    assertThat(byLearner).containsExactly(Map.entry(TENANT + "|" + LearnerDigest.of(TENANT, "ana"), T3.toEpochMilli()));
  }

  @Test
  void theLedgersEntriesTravelAsAFlinkPojoNotThroughKryo() {
    assertThat(Erasures.TYPE).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<ErasureRequest> pojo = (PojoTypeInfo<ErasureRequest>) Erasures.TYPE;
    assertThat(pojo.getTypeAt(pojo.getFieldIndex("statementIds"))).isNotInstanceOf(GenericTypeInfo.class);
  }

  @Test
  void aStatementOfAnotherLearnerErasedWithALearnerIsDroppedWhenEverItIsDated() throws Exception {
    try (BroadcastOperatorTestHarness<LearningEvent, ErasureRequest, LearningEvent> h = harness(Map.of())) {
      h.processBroadcastElement(
          ErasureRequest.of("e-1", TENANT, "ana", T2).withStatements(java.util.List.of("names-ana")), 0L);

      send(h, response("ben", SKILL, "names-ana", T3, true));
      send(h, response("ben", SKILL, "ben", T1, true));
      send(h, LearningEvent.newBuilder(response("ben", SKILL, "names-ana", T1, true)).setTenant("other").build());

      assertThat(h.extractOutputValues()).extracting(LearningEvent::getStatementId).containsExactly("ben",
          "names-ana");
    }
  }

  @Test
  void theStatementsOfOthersInTheLedgerAtStartAreDroppedOnReplay() throws Exception {
    Map<String, Long> atStart = Erasures.byLearner(
        java.util.List.of(ErasureRequest.of("e-1", TENANT, "ana", T2).withStatements(java.util.List.of("names-ana"))));
    try (BroadcastOperatorTestHarness<LearningEvent, ErasureRequest, LearningEvent> h = harness(atStart)) {
      send(h, response("ben", SKILL, "names-ana", T1, true));
      send(h, response("ben", SKILL, "ben", T1, true));

      assertThat(h.extractOutputValues()).extracting(LearningEvent::getStatementId).containsExactly("ben");
    }
  }

  private static void send(BroadcastOperatorTestHarness<LearningEvent, ErasureRequest, LearningEvent> h,
      LearningEvent event) throws Exception {
    h.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }

  private static BroadcastOperatorTestHarness<LearningEvent, ErasureRequest, LearningEvent> harness(
      Map<String, Long> atStart) throws Exception {
    return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ErasureFilter(() -> atStart),
        ErasedLearners.STATE);
  }

}
