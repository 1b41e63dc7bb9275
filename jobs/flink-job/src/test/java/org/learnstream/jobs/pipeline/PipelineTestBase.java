package org.learnstream.jobs.pipeline;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillParameters;

/** Named instants and builders shared by the operator tests. */
abstract class PipelineTestBase {

  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant T1 = T0.plusSeconds(60);
  static final Instant T2 = T0.plusSeconds(120);
  static final Instant T3 = T0.plusSeconds(180);
  static final Instant T4 = T0.plusSeconds(240);

  static final String TENANT = "school";
  static final String LEARNER = "learner-1";
  static final String SKILL = "fractions";
  /** The learner an erasure test erases, and one it leaves. */
  static final String ANA = "ana";
  static final String BEN = "ben";
  static final Instant ERASED_AT = T2;

  static LearningEvent response(String id, Instant at, boolean correct) {
    return response(LEARNER, SKILL, id, at, correct);
  }

  static LearningEvent response(String learner, String skill, String id, Instant at, boolean correct) {
    return LearningEvent.newBuilder()
        .setStatementId(id)
        .setTenant(TENANT)
        .setLearner(learner)
        .setKind(EventKind.RESPONSE)
        .setVerb("http://adlnet.gov/expapi/verbs/answered")
        .setObjectId("https://learnstream.example/activities/" + skill)
        .setObjectType("Activity")
        .setSkills(List.of(skill))
        .setSuccess(correct)
        .setTimestamp(at)
        .setStored(at)
        .build();
  }

  /** A voiding statement by a teacher, voiding {@code target}. */
  static LearningEvent voiding(String id, String target, Instant at) {
    return LearningEvent.newBuilder()
        .setStatementId(id)
        .setTenant(TENANT)
        .setLearner("teacher-1")
        .setKind(EventKind.VOIDING)
        .setVerb("http://adlnet.gov/expapi/verbs/voided")
        .setObjectId(target)
        .setObjectType("StatementRef")
        .setVoidedStatementId(target)
        .setTimestamp(at)
        .setStored(at)
        .build();
  }

  /** The retraction VoidRouting emits for one per-skill response. */
  static LearningEvent retraction(LearningEvent response) {
    return LearningEvent.newBuilder(response).setKind(EventKind.VOIDING)
        .setVoidedStatementId(response.getStatementId()).build();
  }

  /** The mastery operator as one subtask of {@code parallelism}, restored from {@code restored} when not null. */
  static KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> harness(
      int parallelism, int subtask, OperatorSubtaskState restored) throws Exception {
    var operator = new CoBroadcastWithKeyedOperator<>(new EventTimeMastery(MasteryConfig.defaults(),
        SkillParameterSet.defaultsOnly(), MasteryHistory.DEFAULT_CAPACITY),
        List.of(EventTimeMastery.PARAMETERS, ErasedLearners.STATE));
    var harness = new KeyedBroadcastOperatorTestHarness<>(operator, SkillFanOut::key, Types.STRING, 128,
        parallelism, subtask);
    if (restored != null) {
      harness.initializeState(restored);
    }
    harness.open();
    harness.processBroadcastWatermark(Long.MAX_VALUE);
    return harness;
  }

  /** {@code event} into the mastery operator at its event time. */
  static void send(
      KeyedBroadcastOperatorTestHarness<String, LearningEvent, Either<SkillParameters, ErasureRequest>, MasteryUpdate> h,
      LearningEvent event) throws Exception {
    h.processElement(new StreamRecord<>(event, event.getTimestamp().toEpochMilli()));
  }

  /** The attempts of the first update of {@code statement}'s answer among {@code updates}. */
  static int attempts(List<MasteryUpdate> updates, String statement) {
    return updates.stream().filter(u -> u.getStatementId().equals(statement)).findFirst().orElseThrow()
        .getAttempts();
  }
}
