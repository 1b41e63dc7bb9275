package org.learnstream.jobs.pipeline;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * An erasure as an event (or a mastery update) of the erased learner, so that it reaches an operator keyed by
 * tenant|learner under the learner's own key, among their records. It goes only into such operators' inputs and
 * never on to a sink.
 */
public final class ErasureMarkers {

  /** The verb that marks the event; no statement carries it (it is not an IRI). */
  static final String VERB = "learnstream:erasure";

  private ErasureMarkers() {
  }

  public static boolean isMarker(LearningEvent event) {
    return VERB.equals(event.getVerb());
  }

  public static boolean isMarker(MasteryUpdate update) {
    return VERB.equals(update.getModelVersion());
  }

  /** The mastery update standing for {@code request}: the learner's key, dated at the request, no estimate. */
  public static MasteryUpdate update(ErasureRequest request) {
    return MasteryUpdate.newBuilder().setTenant(request.tenant()).setLearner(request.pseudonym()).setSkill("")
        .setStatementId("erasure:" + request.erasureId()).setEventTime(request.requestedAt()).setSequence(0)
        .setCorrect(false).setPKnownBefore(0).setPCorrectPredicted(0).setPKnownAfter(0).setMastered(false)
        .setAttempts(0).setCorrectCount(0).setRecentAccuracy(0).setRecentWindow(0).setTrend(0).setModelVersion(VERB)
        .setRevision(0).setVoided(false).build();
  }

  /** The update markers of the ledger's entries, for the Best-LR operator. */
  static DataStream<MasteryUpdate> updates(DataStream<LearningEvent> markers) {
    return markers.map(e -> update(new ErasureRequest(e.getObjectId(), e.getTenant(), e.getLearner(),
        e.getTimestamp())), AvroTypes.of(MasteryUpdate.class)).uid("erasures-as-updates").name("erasures as updates");
  }

  /** The event standing for {@code request}: the learner's key, dated at the request. */
  public static LearningEvent of(ErasureRequest request) {
    return LearningEvent.newBuilder().setStatementId("erasure:" + request.erasureId()).setTenant(request.tenant())
        .setLearner(request.pseudonym()).setKind(EventKind.ACTIVITY).setVerb(VERB).setObjectId(request.erasureId())
        .setObjectType("Erasure").setSkills(List.of()).setTimestamp(request.requestedAt())
        .setStored(request.requestedAt()).build();
  }

  /** The markers of the ledger's entries (the stand-in entry that names nobody gives none). */
  static DataStream<LearningEvent> of(DataStream<ErasureRequest> erasures) {
    return erasures.filter(request -> !request.tenant().isEmpty()).uid("erasures-naming-a-learner")
        .name("erasures naming a learner")
        .map(ErasureMarkers::of, AvroTypes.of(LearningEvent.class)).uid("erasures-as-events")
        .name("erasures as events");
  }
}
