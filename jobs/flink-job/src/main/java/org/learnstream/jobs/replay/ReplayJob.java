package org.learnstream.jobs.replay;

import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.pipeline.ConnectorSinks;
import org.learnstream.jobs.pipeline.LearnstreamPipeline;
import org.learnstream.jobs.pipeline.OpenEventLog;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.pipeline.PipelineOutputs;
import org.learnstream.jobs.pipeline.PipelineSinks;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.kafka.AvroDeserializationSchema;
import org.learnstream.jobs.pipeline.Erasures;
import org.learnstream.jobs.pipeline.ReferenceData;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.schemas.LearningEvent;

/**
 * The projection stage alone over the whole event log: {@code learning.events} from its earliest offset up to the
 * offsets current when the job starts, into the ClickHouse tables of one (fresh) database that
 * {@link PipelineOutputs#rebuiltFromEventLog()} names; every other output is not written.
 *
 * <p>It runs in Flink's BATCH mode. The event log is not in event-time order within a partition (records of one
 * learner come from parallel deduplication subtasks, interleaved), so a streaming replay with the live job's
 * out-of-orderness bound would find responses "late" that the live job applied. In BATCH mode the keyed stream is
 * sorted by key and the watermark stays at its minimum until a key's input is complete: each learner x skill sees
 * all its responses, applied in (event time, statement id) order, and none is late. The live job drops responses
 * that arrive behind its watermark (counted, not applied); a replay applies them, so only then do the two differ.
 *
 * <p>Nothing is written to Kafka: the event log is the input and stays as it is, and {@code mastery.updates} is not
 * re-emitted (its consumers already saw those updates; a replay rebuilds tables, not the history of
 * notifications). An event whose sealed statement text does not open (other than for an erased learner) is a dead
 * letter, new with the replay: it goes to the live database's {@code dead_letters} table, which the rebuild does not
 * replace (its id is a hash of the event, so a replay run again does not add it twice). No checkpoints and no
 * restarts: a failed rebuild is run again into a new database.
 *
 * <p>Learners in the erasure ledger are left out: their events dated or stored at or before their erasure are
 * dropped by the live job's {@code ErasureFilter}, so a replay does not bring them back.
 */
public final class ReplayJob {

  private ReplayJob() {
  }

  /** Adds the replay to {@code env}: the rows go to the database {@code rebuild}, dead letters to {@code live}'s. */
  public static void wire(StreamExecutionEnvironment env, Configuration config, String bootstrap,
      ClickHouseEndpoint live, String rebuild) {
    env.setParallelism(config.get(PipelineOptions.PARALLELISM));
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    Configuration restart = new Configuration();
    restart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    PipelineJob.reuseObjects(restart);
    env.configure(restart);
    projectLog(env, config, bootstrap, live.withDatabase(rebuild), rebuild, live);
  }

  /**
   * {@code learning.events} (earliest to the offsets current at start) through the projection stage into the
   * ClickHouse tables of {@code target}, in whatever runtime mode {@code env} is set to; dead letters to
   * {@code target}'s table.
   */
  public static void projectLog(StreamExecutionEnvironment env, Configuration config, String bootstrap,
      ClickHouseEndpoint target, String groupId) {
    projectLog(env, config, bootstrap, target, groupId, target);
  }

  /** As {@link #projectLog(StreamExecutionEnvironment, Configuration, String, ClickHouseEndpoint, String)}, with the
   * dead letters of events that do not open to the {@code dead_letters} table of {@code deadLetters}. */
  public static void projectLog(StreamExecutionEnvironment env, Configuration config, String bootstrap,
      ClickHouseEndpoint target, String groupId, ClickHouseEndpoint deadLetters) {
    Configuration bounded = PipelineJob.forBoundedInput(config); // the log up to the offsets current at start
    PipelineSinks sinks = PipelineSinks.only(PipelineOutputs.rebuiltFromEventLog(),
        new ConnectorSinks(bounded, bootstrap, target));
    PipelineSinks refused = PipelineSinks.only(List.of(PipelineOutputs.DEAD_LETTERS_TABLE),
        new ConnectorSinks(bounded, bootstrap, deadLetters));
    // statement text sealed in the log is opened under the learners' records; an erased learner's does not open
    String topic = PipelineJob.topic(config, Topics.LEARNING_EVENTS);
    DataStream<LearningEvent> events = OpenEventLog.opened(env
        .fromSource(eventLog(bounded, bootstrap, groupId), LearnstreamPipeline.eventTime(bounded), "learning-events")
        .uid("learning-events-source"), topic, refused, bounded);
    // erased learners stay out: the ledger as it is now, through the live job's filter
    Erasures erasures = new Erasures(Erasures.ledger(bootstrap, PipelineJob.topic(config, Topics.LEARNER_ERASURES)),
        null);
    LearnstreamPipeline.project(events, ReferenceData.none(), erasures, sinks, bounded);
  }

  /** The event log as a bounded source, read-committed, committing no offsets. */
  public static KafkaSource<LearningEvent> eventLog(Configuration config, String bootstrap, String groupId) {
    return KafkaSource.<LearningEvent>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(PipelineJob.topic(config, Topics.LEARNING_EVENTS))
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setValueOnlyDeserializer(new AvroDeserializationSchema<>(LearningEvent.class))
        .build();
  }
}
