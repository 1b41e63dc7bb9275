package org.learnstream.jobs.settings;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.EnvironmentVariable;
import org.learnstream.jobs.config.OptionCheck;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;

/** Typed settings of the pipeline, each with its default and what it does, and its range where it has one. */
public final class PipelineOptions {

  public static final EnvironmentVariable PSEUDONYM_KEY = EnvironmentVariable.secret("LEARNSTREAM_PSEUDONYM_KEY",
      "HMAC key of the learner records' lookup keys (and of the pseudonyms a job without learner records gives). "
          + "Unset: the public development key, so anyone with the records can find an actor's record (and, without "
          + "records, recompute a pseudonym); set it for real learners and keep it as long as the data it keyed.");

  public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("kafka.bootstrap-servers")
      .stringType().noDefaultValue()
      .withDescription("Kafka bootstrap servers, host:port[,host:port]. The embedded runtime fills it in.");

  public static final ConfigOption<String> TOPIC_PREFIX = ConfigOptions.key("kafka.topic-prefix")
      .stringType().defaultValue("")
      .withDescription("Prefix of every topic name (e.g. 'district7.' gives district7.xapi.statements); "
          + "lets several pipelines share one cluster.");

  public static final ConfigOption<String> CONSUMER_GROUP = ConfigOptions.key("kafka.group-id")
      .stringType().defaultValue("learnstream-pipeline")
      .withDescription("Consumer group of the pipeline's Kafka source (offsets are committed on checkpoints).");

  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("kafka.transactional-id-prefix")
      .stringType().defaultValue("learnstream")
      .withDescription(
          "Prefix of the exactly-once Kafka sinks' transactional ids; unique per job on a shared cluster.");

  public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = ConfigOptions.key("kafka.transaction-timeout")
      .durationType().defaultValue(Duration.ofMinutes(10))
      .withDescription(
          "transaction.timeout.ms of the exactly-once sinks; must not exceed the broker's maximum (15 min by default).");

  public static final OptionCheck<Duration> TRANSACTION_TIMEOUT_RANGE = OptionCheck.between(TRANSACTION_TIMEOUT,
      Duration.ofSeconds(1), Duration.ofMinutes(15)); // the broker's transaction.max.timeout.ms

  public static final ConfigOption<String> DEFAULT_TENANT = ConfigOptions.key("pipeline.default-tenant")
      .stringType().defaultValue("default")
      .withDescription("Tenant of statements whose Kafka key carries none (key format: tenant|actor).");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("pipeline.max-out-of-orderness")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("How far behind the newest event time of its partition an answer is waited for: answers are "
          + "applied once the watermark passes them. One arriving further behind is still applied, put in its place "
          + "among the last mastery.void-window answers of its learner x skill.");

  public static final ConfigOption<Duration> SOURCE_IDLENESS = ConfigOptions.key("pipeline.source-idleness")
      .durationType().defaultValue(Duration.ofSeconds(2))
      .withDescription("After this long without records a source partition stops holding back the watermark, so "
          + "that a trickle of answers on a few partitions is not held until every partition has had a later one. 0: "
          + "never (bounded jobs, such as the demo's, always run so: a partition whose reader starts late is not "
          + "skipped).");

  public static final ConfigOption<Duration> MAX_FUTURE_SKEW = ConfigOptions.key("pipeline.max-future-skew")
      .durationType().defaultValue(Duration.ofMinutes(15))
      .withDescription("How far ahead of its receipt a statement's timestamp may carry event time (watermarks, "
          + "Kafka record timestamps). A statement dated further ahead is accepted and applied to its own learner with "
          + "its own timestamp; only the watermark and record timestamps it gives stop at this bound. Keep it well "
          + "below the brokers' message.timestamp.after.max.ms (1 h by default).");

  public static final ConfigOption<Duration> DEDUPLICATION_RETENTION = ConfigOptions
      .key("pipeline.deduplication-retention")
      .durationType().defaultValue(Duration.ofDays(7))
      .withDescription("How long a statement id is remembered to drop re-deliveries of the same statement.");

  public static final ConfigOption<Double> MASTERY_THRESHOLD = ConfigOptions.key("mastery.threshold")
      .doubleType().defaultValue(0.95)
      .withDescription("P(L) at or above which a learner counts as having mastered a skill; at most 0.9999,"
          + " the most P(L) an estimate holds.");

  public static final OptionCheck<Double> MASTERY_THRESHOLD_RANGE = new OptionCheck<>(MASTERY_THRESHOLD,
      p -> p > 0 && p <= MasteryConfig.P_KNOWN_CEILING,
      "a probability in (0, " + MasteryConfig.P_KNOWN_CEILING + "], the most P(L) an estimate holds");

  public static final ConfigOption<Integer> RECENT_WINDOW = ConfigOptions.key("mastery.recent-window")
      .intType().defaultValue(10)
      .withDescription("Number of most recent attempts over which accuracy is reported (1..32).");

  public static final OptionCheck<Integer> RECENT_WINDOW_RANGE = OptionCheck.between(RECENT_WINDOW, 1, 32);

  public static final ConfigOption<Integer> VOID_WINDOW = ConfigOptions.key("mastery.void-window")
      .intType().defaultValue(MasteryHistory.DEFAULT_CAPACITY)
      .withDescription("Latest responses per learner x skill that a void can still take out of the estimate (1..255). "
          + "Older ones are folded into it; a void reaching further back changes nothing and lands in late_events. "
          + "Each response kept costs about 19 bytes of state per learner x skill.");

  public static final ConfigOption<Duration> MASTERY_MAX_HOLD = ConfigOptions.key("mastery.max-hold")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("After this long without input, answers waiting for the watermark are "
          + "applied, so that a quiet pipeline applies an answer within about this time. 0: answers wait for the "
          + "watermark.");

  public static final OptionCheck<Duration> MASTERY_MAX_HOLD_RANGE = OptionCheck.between(MASTERY_MAX_HOLD,
      Duration.ZERO, Duration.ofMinutes(1));

  public static final OptionCheck<Integer> VOID_WINDOW_RANGE = OptionCheck.between(VOID_WINDOW, 1,
      MasteryHistory.MAX_CAPACITY);

  public static final ConfigOption<String> MASTERY_PARAMETERS_FILE = ConfigOptions.key("mastery.parameters-file")
      .stringType().noDefaultValue()
      .withDescription("BKT parameter set (JSON written by 'learnstream fit') the job starts with; skills it does not "
          + "name use its defaults. Unset: the built-in defaults (model version bkt/defaults). Sets published to "
          + "skill.parameters while the job runs take over from it.");

  public static final ConfigOption<String> MASTERY_BEST_LR_FILE = ConfigOptions.key("mastery.best-lr-file")
      .stringType().noDefaultValue()
      .withDescription("Best-LR model (JSON written by 'learnstream fit --model best-lr') the job applies next to "
          + "BKT: every mastery update then carries Best-LR's P(correct) and its model version. Unset: no Best-LR, "
          + "those fields stay null.");

  public static final ConfigOption<String> CATALOG_FILE = ConfigOptions.key("catalog.file")
      .stringType().noDefaultValue()
      .withDescription("Content catalog (JSON: activity id -> skills with names and standards) the job starts with. "
          + "Unset: no catalog. Entries published to content.catalog while the job runs take over from it.");

  public static final ConfigOption<String> SKILL_RULES_FILE = ConfigOptions.key("mastery.skill-rules-file")
      .stringType().noDefaultValue()
      .withDescription("Mapping rules (YAML: version, rules) that give skills to responses by activity id pattern, "
          + "activity type, context activity (parent, grouping, category, other) or LMS ID number (idNumber); "
          + "skills listed, or taken from the matched ids (skillsFrom); asked when neither the statement "
          + "nor the catalog names skills, first matching rule wins. Re-read when it changes; a broken edit keeps the "
          + "previous rules. Unset: no rules.");

  public static final ConfigOption<Duration> SKILL_RULES_CHECK = ConfigOptions.key("mastery.skill-rules-check-interval")
      .durationType().defaultValue(Duration.ofSeconds(30))
      .withDescription("How often the job looks for a changed mastery.skill-rules-file.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("pipeline.checkpoint-interval")
      .durationType().defaultValue(Duration.ofSeconds(10))
      .withDescription("Checkpoint interval: Kafka transactions commit and ClickHouse batches flush at this pace.");

  public static final ConfigOption<Integer> RESTART_ATTEMPTS = ConfigOptions.key("pipeline.restart-attempts")
      .intType().defaultValue(-1)
      .withDescription("Restarts after a failure (Kafka or ClickHouse away): -1 retries forever with exponential "
          + "backoff up to 1 min, 0 fails at once, n restarts n times 2 s apart. Bad input never fails the job.");

  public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("pipeline.parallelism")
      .intType().defaultValue(1)
      .withDescription("Parallelism of every operator. 1 suits a 2-core machine: an event passes through five "
          + "operator threads, so one subtask each keeps both cores busy, and a second one only adds threads "
          + "(bench pipeline on 2 cores: 22k Avro events/s at 1, 20k at 2). Raise it with the cores.");

  public static final OptionCheck<Integer> PARALLELISM_RANGE = OptionCheck.atLeast(PARALLELISM, 1);

  public static final ConfigOption<Integer> CLICKHOUSE_BATCH_ROWS = ConfigOptions.key("clickhouse.batch-rows")
      .intType().defaultValue(50_000)
      .withDescription(
          "Rows buffered per ClickHouse table before an insert (inserts also happen on every checkpoint).");

  public static final ConfigOption<Duration> CLICKHOUSE_MAX_DELAY = ConfigOptions.key("clickhouse.max-delay")
      .durationType().defaultValue(Duration.ofMillis(500))
      .withDescription("Longest a row waits in a ClickHouse sink's buffer before it is inserted, so that a quiet "
          + "pipeline's rows (an answer's mastery row, an alert) appear within seconds; busy pipelines insert full "
          + "batches sooner. 0: rows wait for clickhouse.batch-rows or the next checkpoint.");

  public static final OptionCheck<Duration> CLICKHOUSE_MAX_DELAY_RANGE = OptionCheck.between(CLICKHOUSE_MAX_DELAY,
      Duration.ZERO, Duration.ofMinutes(10));

  public static final OptionCheck<Integer> CLICKHOUSE_BATCH_ROWS_RANGE = OptionCheck.atLeast(CLICKHOUSE_BATCH_ROWS, 1);

  public static final ConfigOption<Boolean> WARNING_ENABLED = ConfigOptions.key("warning.enabled")
      .booleanType().defaultValue(true)
      .withDescription(
          "Run the early-warning rules over learning events and mastery updates (alerts topic and table).");

  public static final ConfigOption<String> WARNING_RULES_FILE = ConfigOptions.key("warning.rules-file")
      .stringType().noDefaultValue()
      .withDescription("YAML file with the early-warning rules per tenant (keys default and tenants); re-read when it "
          + "changes. Unset: the built-in rules.");

  public static final ConfigOption<Duration> WARNING_RULES_CHECK = ConfigOptions.key("warning.rules-check-interval")
      .durationType().defaultValue(Duration.ofSeconds(30))
      .withDescription("How often the job looks for a changed warning.rules-file.");

  public static final ConfigOption<Boolean> WARNING_PROCESSING_TIME = ConfigOptions.key("warning.processing-time")
      .booleanType().defaultValue(false)
      .withDescription("Fire inactivity on the wall clock instead of event time, so a quiet stream still alerts "
          + "(live deployments); replays and tests use event time.");

  public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("pipeline.state-backend")
      .stringType().defaultValue("hashmap")
      .withDescription("Where operator state lives: 'hashmap' (JVM heap, fastest) or 'rocksdb' (on local disk, "
          + "for state larger than memory; its checkpoints are incremental).");

  public static final OptionCheck<String> STATE_BACKEND_RANGE = OptionCheck.oneOf(STATE_BACKEND,
      List.of("hashmap", "rocksdb"));

  public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("pipeline.checkpoint-dir")
      .stringType().noDefaultValue()
      .withDescription("Directory or URI (file:///..., s3://...) where checkpoints and savepoints are kept. Set: "
          + "checkpoints are retained when the job is cancelled or killed, and 'learnstream run' resumes from the newest.");

  private PipelineOptions() {
  }
}
