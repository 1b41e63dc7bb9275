package org.learnstream.jobs.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.TopicSpec;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.simulate.StatementProducer.Keyed;
import org.learnstream.pipeline.simulate.StatementProducer;

/** The job on real services for end-to-end tests: a fresh set of topics per run, quick checkpoints, no restarts. */
public final class TestPipelineRuns {

  private TestPipelineRuns() {
  }

  /** Creates every pipeline topic under a new prefix and returns the prefix. */
  public static String freshTopics(String bootstrap, String letter) {
    String prefix = letter + UUID.randomUUID().toString().substring(0, 8) + ".";
    TopicAdmin.ensure(bootstrap, Topics.defaults(2).stream()
        .map(t -> new TopicSpec(prefix + t.name(), t.partitions(), t.compacted(), t.retention())).toList());
    return prefix;
  }

  /** Starts the live (unbounded) job on the topics under {@code prefix}; cancel it through the returned client. */
  public static JobClient startLive(String bootstrap, ClickHouseEndpoint clickHouse, String prefix, String name)
      throws Exception {
    return startLive(bootstrap, clickHouse, prefix, name, config -> {
    });
  }

  /** {@link #startLive(String, ClickHouseEndpoint, String, String)} with its settings changed by {@code adjust}. */
  public static JobClient startLive(String bootstrap, ClickHouseEndpoint clickHouse, String prefix, String name,
      Consumer<Configuration> adjust) throws Exception {
    Configuration config = settings(prefix);
    adjust.accept(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, config);
    PipelineJob.wire(env, config, bootstrap, clickHouse, false);
    return env.executeAsync(name);
  }

  /** Settings of a test run on the topics under {@code prefix}. */
  /**
   * Cancels {@code job} and waits until it has ended: every task closed, with what it held open (the embedded
   * documents database's files in a test's temporary directory, which JUnit deletes next).
   */
  public static void cancelAndAwait(JobClient job) throws Exception {
    job.cancel().get(2, TimeUnit.MINUTES);
    job.getJobExecutionResult().handle((result, failure) -> null).get(2, TimeUnit.MINUTES);
  }

  public static Configuration settings(String prefix) {
    Configuration config = new Configuration();
    config.set(PipelineOptions.TOPIC_PREFIX, prefix);
    config.set(PipelineOptions.CONSUMER_GROUP, prefix + "pipeline");
    config.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, prefix);
    config.set(PipelineOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
    config.set(PipelineOptions.RESTART_ATTEMPTS, 0);
    config.set(PipelineOptions.PARALLELISM, 2); // keyed exchanges cross subtasks, as on a larger machine
    return config;
  }

  /** Sends the statements to fresh topics and runs the bounded job over them to the end; returns the prefix. */
  public static String runBounded(String bootstrap, ClickHouseEndpoint clickHouse, List<Keyed> statements,
      String letter, Consumer<Configuration> adjust) throws Exception {
    String prefix = freshTopics(bootstrap, letter);
    runBoundedOn(bootstrap, clickHouse, prefix, statements, adjust);
    return prefix;
  }

  /**
   * Sends the statements to the topics under {@code prefix} (made by {@link #freshTopics}) and runs the bounded job
   * over them to the end; returns the settings it ran with.
   */
  public static Configuration runBoundedOn(String bootstrap, ClickHouseEndpoint clickHouse, String prefix,
      List<Keyed> statements, Consumer<Configuration> adjust) throws Exception {
    try (StatementProducer producer = new StatementProducer(bootstrap, prefix + Topics.XAPI_STATEMENTS)) {
      producer.sendAll(statements.iterator(), sent -> {
      });
    }
    Configuration config = settings(prefix);
    adjust.accept(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, config);
    PipelineJob.wire(env, config, bootstrap, clickHouse, true);
    env.execute("pipeline-test-" + prefix);
    return config;
  }
}
