package org.learnstream.jobs.warning;

import org.apache.flink.api.java.functions.KeySelector;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.kafka.ErasureMarkers;
import org.learnstream.pipeline.records.LearnerDigest;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keys an operator that keeps state and timers per learner (the early warning, Best-LR's counters) by the learner's
 * {@link LearnerDigest} rather than by {@code tenant|pseudonym}: keys and timers are written into every checkpoint
 * and savepoint, and an erased learner's key (kept by their erasure time, and by timers until they fire) must not
 * spell their pseudonym there. An erasure's marker names the learner by digest alone, and reaches the same key.
 * Each instance keeps its own cache of digests, as key selectors run once per subtask.
 */
public abstract class ByLearnerDigest<T> implements KeySelector<T, String> {

  private static final long serialVersionUID = 1L;

  private transient LearnerDigest.Cache digests;

  public static ByLearnerDigest<LearningEvent> events() {
    return new Events();
  }

  public static ByLearnerDigest<MasteryUpdate> updates() {
    return new Updates();
  }

  @Override
  public String getKey(T value) {
    if (isMarker(value)) {
      return learner(value);
    }
    if (digests == null) {
      digests = ErasedLearnersState.digestCache();
    }
    return digests.of(tenant(value), learner(value));
  }

  abstract boolean isMarker(T value);

  abstract String tenant(T value);

  abstract String learner(T value);

  private static final class Events extends ByLearnerDigest<LearningEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    boolean isMarker(LearningEvent value) {
      return ErasureMarkers.isMarker(value);
    }

    @Override
    String tenant(LearningEvent value) {
      return value.getTenant();
    }

    @Override
    String learner(LearningEvent value) {
      return value.getLearner();
    }
  }

  private static final class Updates extends ByLearnerDigest<MasteryUpdate> {

    private static final long serialVersionUID = 1L;

    @Override
    boolean isMarker(MasteryUpdate value) {
      return ErasureMarkers.isMarker(value);
    }

    @Override
    String tenant(MasteryUpdate value) {
      return value.getTenant();
    }

    @Override
    String learner(MasteryUpdate value) {
      return value.getLearner();
    }
  }
}
