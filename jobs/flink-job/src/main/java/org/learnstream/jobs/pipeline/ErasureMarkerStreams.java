package org.learnstream.jobs.pipeline;

import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.kafka.ErasureMarkers;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/** The erasure ledger's entries as {@link ErasureMarkers} in the job graph. */
final class ErasureMarkerStreams {

  private ErasureMarkerStreams() {
  }

  /** The update markers of the ledger's entries, for the Best-LR operator. */
  static DataStream<MasteryUpdate> updates(DataStream<LearningEvent> markers) {
    return markers.map(e -> ErasureMarkers.update(new ErasureRequest(e.getObjectId(), e.getTenant(), e.getLearner(),
        e.getTimestamp(), List.of())), AvroTypes.of(MasteryUpdate.class)).uid("erasures-as-updates")
        .name("erasures as updates");
  }

  /** The markers of the ledger's entries (the stand-in entry that names nobody gives none). */
  static DataStream<LearningEvent> events(DataStream<ErasureRequest> erasures) {
    return erasures.filter(request -> !request.tenant().isEmpty()).uid("erasures-naming-a-learner")
        .name("erasures naming a learner")
        .map(ErasureMarkers::of, AvroTypes.of(LearningEvent.class)).uid("erasures-as-events")
        .name("erasures as events");
  }
}
