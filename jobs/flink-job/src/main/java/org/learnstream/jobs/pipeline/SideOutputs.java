package org.learnstream.jobs.pipeline;

import org.apache.flink.util.OutputTag;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;

/** The side outputs of the pipeline, typed explicitly so no Kryo fallback is ever needed. */
public final class SideOutputs {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters",
      AvroTypes.of(DeadLetter.class));

  /** Responses that arrived after the watermark had passed their event time: stored and counted, not applied. */
  public static final OutputTag<LearningEvent> LATE_EVENTS = new OutputTag<>("late-events",
      AvroTypes.of(LearningEvent.class));

  private SideOutputs() {
  }
}
