package org.learnstream.jobs.pipeline;

import org.apache.flink.api.connector.sink2.Sink;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Where the pipeline's outputs go. {@code main()} wires Kafka and ClickHouse; tests plug in collecting sinks.
 * A null sink means that output is not written anywhere.
 */
public record PipelineSinks(
    Sink<LearningEvent> eventLog,
    Sink<LearningEvent> eventsTable,
    Sink<MasteryUpdate> masteryLog,
    Sink<MasteryUpdate> masteryTable,
    Sink<LearningEvent> lateEventsTable,
    Sink<DeadLetter> deadLetterLog,
    Sink<DeadLetter> deadLetterTable,
    Sink<Alert> alertLog,
    Sink<Alert> alertsTable) {

  /** Without the early-warning outputs. */
  public PipelineSinks(Sink<LearningEvent> eventLog, Sink<LearningEvent> eventsTable, Sink<MasteryUpdate> masteryLog,
                       Sink<MasteryUpdate> masteryTable, Sink<LearningEvent> lateEventsTable,
                       Sink<DeadLetter> deadLetterLog, Sink<DeadLetter> deadLetterTable) {
    this(eventLog, eventsTable, masteryLog, masteryTable, lateEventsTable, deadLetterLog, deadLetterTable, null, null);
  }
}
