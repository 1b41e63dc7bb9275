package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.mastery.bestlr.BestLrEvaluator;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/**
 * Runs a response log through the job's projection stage on the MiniCluster, with a Best-LR model file, and reads
 * back the mastery updates. Response i of the log is dated {@code i} seconds after a fixed instant, so event-time
 * order is the log's order; parallelism 1, so each learner's updates reach the Best-LR step in that order.
 */
final class BestLrJobRun {

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  /** Filled by the sink's writer, which runs in this JVM on the MiniCluster. */
  private static final Queue<MasteryUpdate> COLLECTED = new ConcurrentLinkedQueue<>();

  private BestLrJobRun() {
  }

  /** One slot: the job runs at parallelism 1. */
  static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(1).build());
  }

  /**
   * Runs the log and requires each response's update to carry the evaluator's prediction to within 1e-9; more than
   * {@code distinct} distinct predictions, so that the equality says something. Prints the largest difference.
   */
  static Map<String, MasteryUpdate> runAndCompare(ResponseLog log, Path modelFile, int distinct) throws Exception {
    Map<String, MasteryUpdate> rows = run(log, modelFile);
    double[] expected = BestLrEvaluator.predict(log, BestLrModelFile.read(modelFile));
    assertThat(rows).hasSize(log.responseCount());
    double largestDifference = 0;
    int learners = 0;
    for (int i = 0; i < log.responseCount(); i++) {
      learners += log.startsLearner(i) ? 1 : 0;
      double predicted = rows.get(statementId(i)).getBestLrPCorrectPredicted();
      assertThat(predicted).as("response %d", i).isCloseTo(expected[i], offset(1e-9));
      largestDifference = Math.max(largestDifference, Math.abs(predicted - expected[i]));
    }
    assertThat(Arrays.stream(expected).distinct().count()).as("distinct predictions").isGreaterThan(distinct);
    System.out.printf("best-lr, job against evaluator: %d responses of %d learners, largest difference %s%n",
        log.responseCount(), learners, largestDifference);
    return rows;
  }

  /** The statement id of log response {@code i}. */
  static String statementId(int i) {
    return UUID.nameUUIDFromBytes(("response-" + i).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Every mastery update of the run, by statement id (the log has one skill per response). */
  static synchronized Map<String, MasteryUpdate> run(ResponseLog log, Path modelFile) throws Exception {
    COLLECTED.clear();
    Configuration options = PipelineJob.forBoundedInput(new Configuration());
    options.set(PipelineOptions.MASTERY_BEST_LR_FILE, modelFile.toString());
    options.set(PipelineOptions.WARNING_ENABLED, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStream<LearningEvent> events = env.fromData(events(log), AvroTypes.of(LearningEvent.class))
        .assignTimestampsAndWatermarks(LearnstreamPipeline.eventTime(options));
    PipelineSinks sinks = PipelineSinks.only(List.of(PipelineOutputs.MASTERY_LOG), new PipelineSinks.Factory() {
      @Override
      public <T> Sink<T> sinkOf(PipelineOutput<T> output) {
        return new CollectingSink<>();
      }
    });
    LearnstreamPipeline.project(events, sinks, options);
    env.execute("best-lr exactness");
    Map<String, MasteryUpdate> byStatement = new HashMap<>();
    for (MasteryUpdate update : COLLECTED) {
      byStatement.merge(update.getStatementId(), update,
          (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
    }
    return byStatement;
  }

  private static List<LearningEvent> events(ResponseLog log) {
    List<LearningEvent> events = new ArrayList<>(log.responseCount());
    for (int i = 0; i < log.responseCount(); i++) {
      Instant at = START.plusSeconds(i);
      String item = log.item(i);
      events.add(LearningEvent.newBuilder().setStatementId(statementId(i)).setTenant("exactness")
          .setLearner(log.userNames().get(log.users()[i])).setKind(EventKind.RESPONSE)
          .setVerb("http://adlnet.gov/expapi/verbs/answered")
          // a response without an item names an activity no model knows, which adds nothing, as no item does
          .setObjectId(item != null ? item : "no-item").setObjectType("Activity")
          .setSkills(List.of(log.skill(i))).setSuccess(log.correct()[i] == 1).setTimestamp(at).setStored(at)
          .build());
    }
    return events;
  }

  /** Adds every record to {@link #COLLECTED}. */
  private static final class CollectingSink<T> implements Sink<T> {

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context context) {
          COLLECTED.add((MasteryUpdate) element);
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public void close() {
        }
      };
    }
  }
}
