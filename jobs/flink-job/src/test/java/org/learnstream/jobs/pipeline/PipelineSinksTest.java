package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.replay.ReplayJob;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;

/**
 * The job graphs get a sink for each output they write and none for the others, under the uids the savepoints of
 * earlier builds refer to. The graphs are built, not run: no broker or server is contacted.
 */
class PipelineSinksTest {

  private static final String NOWHERE = "127.0.0.1:1";
  private static final ClickHouseEndpoint CLICKHOUSE = ClickHouseEndpoint.withoutPassword("http://127.0.0.1:1", "db");

  @Test
  void theLiveJobWritesEveryOutputUnderTheUidItsSavepointsKnow() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.wire(env, new Configuration(), NOWHERE, CLICKHOUSE, false);
    assertThat(sinkUids(env)).containsExactlyInAnyOrder("event-log-sink", "learning-events-table-sink",
        "mastery-log-sink", "mastery-updates-table-sink", "late-events-table-sink", "dead-letter-log-sink",
        "dead-letters-table-sink", "alert-log-sink", "alerts-table-sink", "class-patterns-table-sink",
        "skill-catalog-table-sink")
        .containsExactlyInAnyOrderElementsOf(PipelineOutputs.ALL.stream().map(PipelineOutput::uid).toList());
  }

  @Test
  void aReplayWritesOnlyTheTablesRebuiltFromTheEventLogAndTheDeadLettersOfEventsThatDoNotOpen() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ReplayJob.projectLog(env, new Configuration(), NOWHERE, CLICKHOUSE, "replay-group");
    List<String> expected = new java.util.ArrayList<>(
        PipelineOutputs.rebuiltFromEventLog().stream().map(PipelineOutput::uid).toList());
    expected.add(PipelineOutputs.DEAD_LETTERS_TABLE.uid());
    assertThat(sinkUids(env)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void outputsNotChosenGetNoSinkAndTheChosenOnesGetThePluggedInOne() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineSinks sinks = PipelineSinks.only(List.of(PipelineOutputs.MASTERY_TABLE, PipelineOutputs.ALERT_LOG),
        new PipelineSinks.Factory() {
          @Override
          public <T> Sink<T> sinkOf(PipelineOutput<T> output) {
            return new DiscardingSink<>();
          }
        });
    LearnstreamPipeline.build(env, PipelineJob.statementsSource(new Configuration(), NOWHERE, true), sinks,
        new Configuration());
    assertThat(sinks.writes(PipelineOutputs.MASTERY_TABLE)).isTrue();
    assertThat(sinks.writes(PipelineOutputs.EVENT_LOG)).isFalse();
    assertThat(sinkUids(env)).containsExactlyInAnyOrder("mastery-updates-table-sink", "alert-log-sink");
  }

  /**
   * Uids of the sink writers in the graph ({@code -sink}, as {@link PipelineOutput#uid()} makes them); Flink derives
   * the uid of a Kafka sink's committer from its writer's.
   */
  private static List<String> sinkUids(StreamExecutionEnvironment env) {
    return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getTransformationUID)
        .filter(uid -> uid != null && uid.endsWith("-sink") && !uid.startsWith("Sink Committer: ")).toList();
  }
}
