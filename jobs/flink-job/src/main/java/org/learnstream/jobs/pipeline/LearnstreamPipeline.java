package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RetentionOptions;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.jobs.pipeline.PipelineOutput.Topic;
import org.apache.flink.types.Either;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.jobs.warning.ByLearnerDigest;
import org.learnstream.jobs.warning.ClassAlerts;
import org.learnstream.jobs.warning.EarlyWarning;
import org.learnstream.jobs.warning.RulesFile;
import org.learnstream.jobs.config.WatchedFile;
import org.learnstream.pipeline.catalog.SkillRules;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.pipeline.kafka.AvroRecords;
import org.learnstream.pipeline.records.SealedEvents;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillMapping;
import org.learnstream.schemas.SkillParameters;

/**
 * The job graph in two stages. {@link #ingest} turns raw statements into the event log (normalise, deduplicate);
 * {@link #project} turns event-log records into every projection (mastery, tables). The live job runs both;
 * a replay runs {@link #project} alone over {@code learning.events}. Sources and sinks come from outside, so the
 * same graph runs on Kafka and ClickHouse or on test collections.
 */
public final class LearnstreamPipeline {

  private LearnstreamPipeline() {
  }

  /** Both stages: raw statements in, everything out. */
  public static void build(StreamExecutionEnvironment env, Source<RawStatement, ?, ?> source,
      PipelineSinks sinks, ReadableConfig options) {
    build(env, source, ReferenceData.none(), sinks, options);
  }

  /** Both stages, with live reference data (parameters, catalog) from outside. */
  public static void build(StreamExecutionEnvironment env, Source<RawStatement, ?, ?> source,
      ReferenceData reference, PipelineSinks sinks, ReadableConfig options) {
    build(env, source, reference, Erasures.none(), sinks, options);
  }

  /** Both stages, with live reference data and the erasure ledger. */
  public static void build(StreamExecutionEnvironment env, Source<RawStatement, ?, ?> source,
      ReferenceData reference, Erasures erasures, PipelineSinks sinks, ReadableConfig options) {
    DataStream<LearningEvent> events = ingest(env, source, sinks, options);
    if (sinks.writes(PipelineOutputs.EVENT_LOG)) {
      sinks.write(SealEventLog.sealed(events, options), PipelineOutputs.EVENT_LOG);
    }
    project(events, reference, erasures, sinks, options);
  }

  /**
   * Raw statements -> normalised, deduplicated events; bad input to dead letters. Watermarks come from the source,
   * per Kafka partition ({@link StatementEventTime}), so which statements count as late does not depend on how
   * partitions interleave in a subtask.
   */
  public static DataStream<LearningEvent> ingest(StreamExecutionEnvironment env, Source<RawStatement, ?, ?> source,
      PipelineSinks sinks, ReadableConfig options) {
    SingleOutputStreamOperator<LearningEvent> normalised = env
        .fromSource(source, StatementEventTime.strategy(options), "xapi-statements")
        .uid("xapi-statements-source")
        .process(new NormaliseStatements(options.get(PipelineOptions.DEFAULT_TENANT),
            LearnerRecordAccess.from(options)),
            AvroTypes.of(LearningEvent.class))
        .uid("normalise").name("normalise statements");

    DataStream<DeadLetter> deadLetters = normalised.getSideOutput(SideOutputs.DEAD_LETTERS);
    sinks.write(deadLetters, PipelineOutputs.DEAD_LETTER_LOG);
    sinks.write(deadLetters, PipelineOutputs.DEAD_LETTERS_TABLE);

    return normalised
        .keyBy(DeduplicateStatements::key)
        .process(new DeduplicateStatements(options.get(PipelineOptions.DEDUPLICATION_RETENTION)),
            AvroTypes.of(LearningEvent.class))
        .uid("deduplicate").name("deduplicate statements");
  }

  /** Event-log records -> ClickHouse learning_events, mastery (Kafka and ClickHouse), late responses. */
  public static void project(DataStream<LearningEvent> events, PipelineSinks sinks, ReadableConfig options) {
    project(events, ReferenceData.none(), sinks, options);
  }

  /**
   * The projections, with the starting parameter set and catalog from the settings' files and live updates of
   * both from {@code reference}.
   */
  public static void project(DataStream<LearningEvent> events, ReferenceData reference, PipelineSinks sinks,
      ReadableConfig options) {
    project(events, reference, Erasures.none(), sinks, options);
  }

  /**
   * The projections, leaving out erased learners' events ({@link ErasureFilter}) and clearing their mastery state as
   * the ledger's entries arrive.
   */
  public static void project(DataStream<LearningEvent> logged, ReferenceData reference, Erasures erasures,
      PipelineSinks sinks, ReadableConfig options) {
    DataStream<ErasureRequest> erased = erasures.stream(logged.getExecutionEnvironment());
    // the sealed envelope is the event log's alone: without this the exchange to the filter carries it beside the text
    DataStream<LearningEvent> events = logged
        .map(LearnstreamPipeline::withoutEnvelope, AvroTypes.of(LearningEvent.class))
        .uid("events-without-envelope").name("events without sealed envelope")
        .connect(erased.broadcast(ErasedLearners.STATE))
        .process(new ErasureFilter(erasures.atStart()), AvroTypes.of(LearningEvent.class))
        .uid("erasure-filter").name("erased learners out");
    sinks.write(events, PipelineOutputs.EVENTS_TABLE);
    // the statement text ends here: the exchanges after it would otherwise carry a kilobyte of JSON (and as much
    // sealed) per event
    DataStream<LearningEvent> withoutText = events
        .map(LearnstreamPipeline::withoutStatementText, AvroTypes.of(LearningEvent.class))
        .uid("events-without-statement-text").name("events without statement text");

    StreamExecutionEnvironment env = events.getExecutionEnvironment();
    SkillParameterSet parameters = ReferenceStreams.parameterSet(options);
    List<SkillMapping> catalog = ReferenceStreams.catalog(options);
    MasteryConfig mastery = new MasteryConfig(options.get(PipelineOptions.MASTERY_THRESHOLD),
        options.get(PipelineOptions.RECENT_WINDOW), parameters.modelVersion());
    DataStream<SkillMapping> catalogStream = ReferenceStreams.catalogUpdates(env, reference.catalogUpdates());
    BroadcastStream<SkillMapping> catalogUpdates = catalogStream.broadcast(SkillFanOut.CATALOG);
    BroadcastStream<Either<SkillParameters, ErasureRequest>> parameterUpdates = EventTimeMastery
        .broadcastUpdates(ReferenceStreams.parameterUpdates(env, reference.parameterUpdates()), erased);
    WatchedFile<SkillRules> rules = SkillRulesFile.watched(options);
    // rules on context activities read them from the statement text (also after an edit while the job runs), so
    // with a rules file the text travels as far as the fan-out, which drops it
    DataStream<LearningEvent> toFanOut = rules != null ? events : withoutText;
    BestLrModel bestLr = ReferenceStreams.bestLrModel(options);
    // the operators keep every school's learners: the longest events window of any
    Duration learnersKeptFor = RetentionOptions.events(options).longest();
    SingleOutputStreamOperator<MasteryUpdate> mastered = toFanOut
        .connect(catalogUpdates)
        .process(new SkillFanOut(catalog, rules), AvroTypes.of(LearningEvent.class))
        .uid("skill-fan-out").name("responses per skill")
        .keyBy(VoidRouting::key)
        .connect(erased.broadcast(ErasedLearners.STATE))
        .process(new VoidRouting(options.get(PipelineOptions.DEDUPLICATION_RETENTION)),
            AvroTypes.of(LearningEvent.class))
        .uid("void-routing").name("voids to retractions")
        .keyBy(SkillFanOut::key)
        .connect(parameterUpdates)
        .process(new EventTimeMastery(mastery, parameters, options.get(PipelineOptions.VOID_WINDOW),
            options.get(PipelineOptions.MASTERY_MAX_HOLD), bestLr != null, learnersKeptFor),
            AvroTypes.of(MasteryUpdate.class))
        .uid("mastery").name("knowledge tracing");
    DataStream<MasteryUpdate> updates = bestLr == null
        ? mastered
        : withBestLr(mastered, erased, bestLr, learnersKeptFor);
    catalogTable(env, catalog, reference.catalogUpdates() == null ? null : catalogStream, sinks);

    writeNamedByRecord(updates, PipelineOutputs.MASTERY_LOG, sinks, options);
    sinks.write(updates, PipelineOutputs.MASTERY_TABLE);
    sinks.write(mastered.getSideOutput(SideOutputs.LATE_EVENTS), PipelineOutputs.LATE_EVENTS_TABLE);
    warn(withoutText, updates, erased, sinks, options);
  }

  /** {@code derived} to its topic, each learner named by their record there ({@link NameLearnersByRecord}). */
  private static <T extends SpecificRecordBase> void writeNamedByRecord(DataStream<T> derived, Topic<T> topic,
      PipelineSinks sinks, ReadableConfig options) {
    if (sinks.writes(topic)) {
      sinks.write(NameLearnersByRecord.named(derived, topic.type(), topic.name() + "-learners", options), topic);
    }
  }

  /** Best-LR's predictions on every mastery update, from counters kept per learner ({@link BestLrPredictions}). */
  private static DataStream<MasteryUpdate> withBestLr(DataStream<MasteryUpdate> updates,
      DataStream<ErasureRequest> erased, BestLrModel model, Duration keptFor) {
    return updates
        .keyBy(ByLearnerDigest.updates())
        .connect(erased.broadcast(ErasedLearners.STATE))
        .process(new BestLrPredictions(model, keptFor), AvroTypes.of(MasteryUpdate.class))
        .uid("best-lr").name("best-lr predictions");
  }

  /**
   * Events (without statement text) and mastery updates -> early-warning alerts (Kafka alerts, ClickHouse alerts)
   * and the class-wide patterns among them (ClickHouse class_patterns).
   */
  public static void warn(DataStream<LearningEvent> events, DataStream<MasteryUpdate> updates, PipelineSinks sinks,
      ReadableConfig options) {
    warn(events, updates, Erasures.none().stream(events.getExecutionEnvironment()), sinks, options);
  }

  /** As above, with the erasure ledger's entries for the early warning and the class-wide patterns. */
  static void warn(DataStream<LearningEvent> events, DataStream<MasteryUpdate> updates,
      DataStream<ErasureRequest> erased, PipelineSinks sinks, ReadableConfig options) {
    if (!options.get(PipelineOptions.WARNING_ENABLED)) {
      return;
    }
    RulesFile rules = new RulesFile(options.getOptional(PipelineOptions.WARNING_RULES_FILE).orElse(null),
        options.get(PipelineOptions.WARNING_RULES_CHECK).toMillis());
    DataStream<Alert> alerts = EarlyWarning.inputs(events, updates, erased)
        .process(new EarlyWarning(rules, options.get(PipelineOptions.WARNING_PROCESSING_TIME)),
            AvroTypes.of(Alert.class))
        .uid("early-warning").name("early warning");
    // Act escalations that concern most of a class are withheld here: a class-wide pattern is a teaching signal.
    SingleOutputStreamOperator<Alert> passed = ClassAlerts.inputs(events, alerts, erased)
        .process(new ClassAlerts(rules), AvroTypes.of(Alert.class))
        .uid("class-alerts").name("class-wide patterns");
    writeNamedByRecord(passed, PipelineOutputs.ALERT_LOG, sinks, options);
    sinks.write(passed, PipelineOutputs.ALERTS_TABLE);
    sinks.write(passed.getSideOutput(ClassAlerts.PATTERNS), PipelineOutputs.CLASS_PATTERNS_TABLE);
  }

  /**
   * The event without its original statement text, in the clear or sealed, which only the event log and
   * learning_events keep. A copy, because with object reuse the same instance also reaches those sinks.
   */
  static LearningEvent withoutStatementText(LearningEvent event) {
    if (event.getStatementJson() == null && event.getSealedStatement() == null) {
      return event;
    }
    return SealedEvents.withoutStatement(event);
  }

  /** The event without its sealed envelope; a copy for the same reason as {@link #withoutStatementText}. */
  static LearningEvent withoutEnvelope(LearningEvent event) {
    return event.getSealedStatement() == null ? event : AvroRecords.copyWithout(event, "sealedStatement");
  }

  /** skill_catalog gets the starting catalog and every live update. */
  private static void catalogTable(StreamExecutionEnvironment env, List<SkillMapping> catalog,
      DataStream<SkillMapping> live, PipelineSinks sinks) {
    if (!sinks.writes(PipelineOutputs.CATALOG_TABLE)) {
      return;
    }
    DataStream<SkillMapping> rows = catalog.isEmpty()
        ? null
        : env.fromData(catalog, AvroTypes.of(SkillMapping.class)).uid("catalog-file").name("catalog file");
    if (live != null) {
      rows = rows == null ? live : rows.union(live);
    }
    if (rows != null) {
      sinks.write(rows, PipelineOutputs.CATALOG_TABLE);
    }
  }

  /**
   * Watermarks from the statements' own timestamps, bounded out-of-orderness, idle partitions ignored; a time more
   * than {@code pipeline.max-future-skew} after the event's {@code stored} counts as that bound, as at the live
   * source ({@link StatementEventTime}). For sources that generate watermarks per partition.
   */
  public static WatermarkStrategy<LearningEvent> eventTime(ReadableConfig options) {
    WatermarkStrategy<LearningEvent> strategy = WatermarkStrategy
        .<LearningEvent>forBoundedOutOfOrderness(options.get(PipelineOptions.OUT_OF_ORDERNESS))
        .withTimestampAssigner(new EventLogTime(options.get(PipelineOptions.MAX_FUTURE_SKEW).toMillis()));
    return withIdleness(strategy, options);
  }

  /** Partitions without records stop holding back the watermark after {@code pipeline.source-idleness}, unless 0. */
  static <T> WatermarkStrategy<T> withIdleness(WatermarkStrategy<T> strategy, ReadableConfig options) {
    Duration idleness = options.get(PipelineOptions.SOURCE_IDLENESS);
    return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
  }
}
