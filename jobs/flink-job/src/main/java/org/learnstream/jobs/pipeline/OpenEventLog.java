package org.learnstream.jobs.pipeline;

import java.sql.SQLException;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.deadletter.DeadLetterCounters;
import org.learnstream.pipeline.deadletter.DeadLetterFactory;
import org.learnstream.pipeline.kafka.AvroCodec;
import org.learnstream.pipeline.records.SealException;
import org.learnstream.pipeline.records.SealedEvents;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;

/**
 * The first step after reading the event log: sealed statement text ({@link SealedEvents}) is opened back into
 * {@code statementJson} under the event's learner record, so the projections see the events as the live job did.
 * A record that is gone belongs to an erased learner: the event is dropped and counted in {@code erasedLearnerEvents}
 * (the erasure ledger would drop it too). Any other failure to open is a dead letter with the reason and the event's
 * bytes as read (the text still sealed); a records database that does not answer fails the operator.
 */
public final class OpenEventLog extends EventLogSeal {

  public static final String ORIGIN = "event-log";

  private static final long serialVersionUID = 1L;

  private final String topic;
  private transient AvroCodec<LearningEvent> codec;
  private transient DeadLetterCounters deadLetters;

  public OpenEventLog(LearnerRecordAccess records, String topic) {
    super(records);
    this.topic = topic;
  }

  /**
   * {@code logged}, read from the event log {@code topic}, with the statement text opened; what does not open goes
   * to the dead-letter outputs that {@code sinks} writes.
   */
  public static DataStream<LearningEvent> opened(DataStream<LearningEvent> logged, String topic, PipelineSinks sinks,
      ReadableConfig options) {
    SingleOutputStreamOperator<LearningEvent> opened = logged
        .process(new OpenEventLog(LearnerRecordAccess.from(options), topic), AvroTypes.of(LearningEvent.class))
        .uid("event-log-open").name("open statement text from the event log");
    DataStream<DeadLetter> refused = opened.getSideOutput(SideOutputs.DEAD_LETTERS);
    sinks.write(refused, PipelineOutputs.DEAD_LETTER_LOG);
    sinks.write(refused, PipelineOutputs.DEAD_LETTERS_TABLE);
    return opened;
  }

  @Override
  public void open(OpenContext openContext) {
    super.open(openContext);
    codec = AvroCodec.of(LearningEvent.class);
    deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(LearningEvent event, Context ctx, Collector<LearningEvent> out) {
    if (!SealedEvents.isSealed(event)) {
      out.collect(event);
      return;
    }
    try {
      out.collect(SealedEvents.opened(event, records.storeFor(event.getLearnerRecord())::findById, records.seal()));
    } catch (SealException e) {
      if (e.reason() == SealException.Reason.RECORD_ERASED) {
        erased.inc();
      } else {
        refuse(event, ctx, e);
      }
    } catch (SQLException e) {
      throw records.notAnswering(e);
    }
  }

  /** A dead letter with the event as read: its statement text stays sealed. */
  private void refuse(LearningEvent event, Context ctx, SealException e) {
    String rule = "sealed." + e.reason().name().toLowerCase(Locale.ROOT);
    deadLetters.count(ORIGIN, rule);
    // partition and offset are not known after decoding; the id still depends on the bytes
    ctx.output(SideOutputs.DEAD_LETTERS, DeadLetterFactory.forRejectedInput(ORIGIN, topic, -1, -1L,
        event.getTenant(), "sealedStatement", rule, e.getMessage(), codec.encode(event),
        event.getStored().toEpochMilli()));
  }
}
