package org.learnstream.jobs.warning;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Either;
import org.learnstream.jobs.state.ErasedLearnersState;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Keys an operator that keeps state and timers per learner (the early warning, Best-LR's counters) by the learner's
 * {@link LearnerDigest} rather than by {@code tenant|pseudonym}: keys and timers are written into every checkpoint
 * and savepoint, and an erased learner's key (kept by timers until they fire) must not spell their pseudonym there.
 * An erasure names the learner by the same digest, so it finds the key without hashing every key. Each instance keeps
 * its own cache of digests, as key selectors run once per subtask.
 */
public abstract class ByLearnerDigest<T> implements KeySelector<T, String> {

  private static final long serialVersionUID = 1L;

  private transient LearnerDigest.Cache digests;

  public static ByLearnerDigest<MasteryUpdate> updates() {
    return new ByLearnerDigest<>() {
      private static final long serialVersionUID = 1L;

      @Override
      String tenant(MasteryUpdate value) {
        return value.getTenant();
      }

      @Override
      String learner(MasteryUpdate value) {
        return value.getLearner();
      }
    };
  }

  /** The early warning's input: a learner's event or mastery update. */
  public static ByLearnerDigest<Either<LearningEvent, MasteryUpdate>> either() {
    return new ByLearnerDigest<>() {
      private static final long serialVersionUID = 1L;

      @Override
      String tenant(Either<LearningEvent, MasteryUpdate> value) {
        return value.isLeft() ? value.left().getTenant() : value.right().getTenant();
      }

      @Override
      String learner(Either<LearningEvent, MasteryUpdate> value) {
        return value.isLeft() ? value.left().getLearner() : value.right().getLearner();
      }
    };
  }

  @Override
  public String getKey(T value) {
    if (digests == null) {
      digests = ErasedLearnersState.digestCache();
    }
    return digests.of(tenant(value), learner(value));
  }

  abstract String tenant(T value);

  abstract String learner(T value);
}
