package org.learnstream.jobs.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

/**
 * Keyed by tenant and target statement ({@link #key}): between {@link SkillFanOut} and mastery, it turns a voiding
 * statement into one retraction per skill of the response it voids, keyed like that response's per-skill copies
 * (learner x skill of the voided response, not of the voiding statement's actor).
 *
 * <p>Per statement it remembers the voided response's learner and skills, or, when the void arrives first, that the
 * statement is void; a response arriving after its void is dropped ({@code responsesVoidedBeforeArrival}). The
 * memory expires after {@code pipeline.deduplication-retention} (as {@link DeduplicateStatements}): a void arriving
 * later than that after its response changes nothing; voids that find no response (it has not arrived yet, or has
 * expired) are counted in {@code voidsWithoutKnownResponse}.
 *
 * <p>A retraction is a copy of the voided response's per-skill event with kind VOIDING and voidedStatementId set to
 * its own statement id; {@link EventTimeMastery} takes it out of the learner x skill history.
 *
 * <p>The remembered event names its learner. An erasure ledger entry (the broadcast input) therefore goes through every
 * statement this subtask remembers and forgets those of the erased learner (their responses and their own voids);
 * from then on their events dated or stored at or before the erasure are dropped here, as in mastery. A void of
 * another actor that targets one of their statements is kept: it names that actor, and the statement id alone links to
 * no row once the learner's rows are gone.
 *
 * <p>The remembered event is kept as its Avro single-object encoding: it is written once and read only when a void
 * or a further skill of the statement arrives, whereas a checkpoint of the heap backend writes every value it holds,
 * each of them some sixty thousand times over a week at the default interval.
 */
public class VoidRouting extends KeyedBroadcastProcessFunction<String, LearningEvent, ErasureRequest, LearningEvent> {

  private final Duration retention;
  private transient AvroCodec<LearningEvent> codec;
  private transient ValueStateDescriptor<byte[]> seenDescriptor;
  private transient ValueState<byte[]> seen;
  /** Where versions before the encoded state kept the event; read until its entries expire, never written. */
  private transient ValueStateDescriptor<LearningEvent> seenBeforeDescriptor;
  private transient ValueState<LearningEvent> seenBefore;
  private transient Counter droppedAfterVoid;
  private transient Counter voidsWithoutKnownResponse;
  private transient LearnerDigest.Cache digests;

  public VoidRouting(Duration retention) {
    this.retention = retention;
  }

  /** tenant | the statement a void targets, or the statement's own id. */
  public static String key(LearningEvent event) {
    String target = event.getKind() == EventKind.VOIDING && event.getVoidedStatementId() != null
        ? event.getVoidedStatementId()
        : event.getStatementId();
    return event.getTenant() + '|' + target;
  }

  /** True for a retraction of one response for one skill, as this function emits it. */
  public static boolean isRetraction(LearningEvent event) {
    return event.getKind() == EventKind.VOIDING && event.getStatementId().equals(event.getVoidedStatementId());
  }

  @Override
  public void open(OpenContext openContext) {
    codec = AvroCodec.of(LearningEvent.class);
    seenDescriptor = new ValueStateDescriptor<>("statement-encoded",
        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    seenDescriptor.enableTimeToLive(StateRetention.ttl(retention).build());
    seen = getRuntimeContext().getState(seenDescriptor);
    // no incremental cleanup: on a state that stays empty it starts a new pass over all key groups at every access
    seenBeforeDescriptor = new ValueStateDescriptor<>("statement", AvroTypes.of(LearningEvent.class));
    seenBeforeDescriptor.enableTimeToLive(StateRetention.ttl(retention).disableCleanupInBackground()
        .cleanupFullSnapshot().build());
    seenBefore = getRuntimeContext().getState(seenBeforeDescriptor);
    droppedAfterVoid = getRuntimeContext().getMetricGroup().counter("responsesVoidedBeforeArrival");
    voidsWithoutKnownResponse = getRuntimeContext().getMetricGroup().counter("voidsWithoutKnownResponse");
    digests = ErasedLearnersState.digestCache();
  }

  private LearningEvent known() throws Exception {
    byte[] encoded = seen.value();
    if (encoded != null) {
      return codec.decode(encoded);
    }
    LearningEvent before = seenBefore.value();
    if (before != null) {
      remember(before);
      seenBefore.clear();
    }
    return before;
  }

  private void remember(LearningEvent event) throws Exception {
    seen.update(codec.encode(event));
  }

  @Override
  public void processBroadcastElement(ErasureRequest request, Context ctx, Collector<LearningEvent> out)
      throws Exception {
    if (!ErasedLearnersState.record(ctx.getBroadcastState(ErasedLearners.STATE), request)) {
      return;
    }
    ctx.applyToKeyedState(seenDescriptor, (key, state) -> {
      byte[] encoded = state.value();
      if (encoded != null && isOf(codec.decode(encoded), request, digests)) {
        state.clear();
      }
    });
    ctx.applyToKeyedState(seenBeforeDescriptor, (key, state) -> {
      LearningEvent before = state.value();
      if (before != null && isOf(before, request, digests)) {
        state.clear();
      }
    });
  }

  private static boolean isOf(LearningEvent event, ErasureRequest request, LearnerDigest.Cache digests) {
    return ErasedLearnersState.isOf(request, event.getTenant(), event.getLearner(), digests);
  }

  @Override
  public void processElement(LearningEvent event, ReadOnlyContext ctx, Collector<LearningEvent> out)
      throws Exception {
    if (ErasedLearnersState.drops(ctx.getBroadcastState(ErasedLearners.STATE), Map.of(), event, digests)) {
      return; // passed the erasure filter before its entry did, reached this operator after the forgetting
    }
    LearningEvent known = known();
    if (event.getKind() == EventKind.VOIDING) {
      if (known != null && known.getKind() == EventKind.VOIDING) {
        return;
      }
      if (known == null) {
        // the response has not arrived yet, or it is older than the retention: remember the void either way
        voidsWithoutKnownResponse.inc();
        remember(LearningEvent.newBuilder(event).setStatementJson(null).build());
        return;
      }
      for (String skill : known.getSkills()) {
        out.collect(LearningEvent.newBuilder(known).setKind(EventKind.VOIDING)
            .setVoidedStatementId(known.getStatementId()).setSkills(List.of(skill)).build());
      }
      remember(LearningEvent.newBuilder(event).setStatementJson(null).build());
      return;
    }
    if (known != null && known.getKind() == EventKind.VOIDING) {
      droppedAfterVoid.inc();
      return;
    }
    if (known == null && event.getStatementJson() == null) {
      remember(event);
    } else {
      List<String> skills = new ArrayList<>(known == null ? List.of() : known.getSkills());
      skills.addAll(event.getSkills());
      remember(LearningEvent.newBuilder(event).setSkills(skills).setStatementJson(null).build());
    }
    out.collect(event);
  }
}
