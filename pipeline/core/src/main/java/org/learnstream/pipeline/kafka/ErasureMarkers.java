package org.learnstream.pipeline.kafka;

import java.util.List;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * An erasure as an event (or a mastery update) naming the erased learner by their digest, so that it reaches an
 * operator keyed by learner digest under the learner's own key, among their records. It goes only into such operators' inputs and
 * never on to a sink. Here, below the job's packages, because both the job graph and the early-warning operator
 * read it.
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

  /** The mastery update standing for {@code request}: the learner's digest, dated at the request, no estimate. */
  public static MasteryUpdate update(ErasureRequest request) {
    return MasteryUpdate.newBuilder().setTenant(request.tenant()).setLearner(request.learner()).setSkill("")
        .setStatementId("erasure:" + request.erasureId()).setEventTime(request.requestedAt()).setSequence(0)
        .setCorrect(false).setPKnownBefore(0).setPCorrectPredicted(0).setPKnownAfter(0).setMastered(false)
        .setAttempts(0).setCorrectCount(0).setRecentAccuracy(0).setRecentWindow(0).setTrend(0).setModelVersion(VERB)
        .setRevision(0).setVoided(false).build();
  }

  /** The event standing for {@code request}: the learner's digest, dated at the request. */
  public static LearningEvent of(ErasureRequest request) {
    return LearningEvent.newBuilder().setStatementId("erasure:" + request.erasureId()).setTenant(request.tenant())
        .setLearner(request.learner()).setKind(EventKind.ACTIVITY).setVerb(VERB).setObjectId(request.erasureId())
        .setObjectType("Erasure").setSkills(List.of()).setTimestamp(request.requestedAt())
        .setStored(request.requestedAt()).build();
  }
}
