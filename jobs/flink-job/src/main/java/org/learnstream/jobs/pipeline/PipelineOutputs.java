package org.learnstream.jobs.pipeline;

import java.util.List;
import java.util.stream.Collectors;
import org.learnstream.jobs.pipeline.PipelineOutput.Table;
import org.learnstream.jobs.pipeline.PipelineOutput.Topic;
import org.learnstream.pipeline.clickhouse.AlertEncoder;
import org.learnstream.pipeline.clickhouse.ClassPatternEncoder;
import org.learnstream.pipeline.clickhouse.DeadLetterEncoder;
import org.learnstream.pipeline.clickhouse.LateEventEncoder;
import org.learnstream.pipeline.clickhouse.LearningEventEncoder;
import org.learnstream.pipeline.clickhouse.MasteryUpdateEncoder;
import org.learnstream.pipeline.clickhouse.ProjectionTables;
import org.learnstream.pipeline.clickhouse.SkillMappingEncoder;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.warning.ClassPattern;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.learnstream.schemas.SkillMapping;

/**
 * Every output of the pipeline: the topics it writes and the ClickHouse tables its sinks fill. How each table is
 * rebuilt (or why not) is declared in {@link ProjectionTables}; a replay writes the outputs of the tables declared
 * there as written from the event log.
 */
public final class PipelineOutputs {

  public static final Topic<LearningEvent> EVENT_LOG = new Topic<>(
      "event-log", LearningEvent.class, Topics.LEARNING_EVENTS, RecordKeys::learningEvent, "events");
  public static final Table<LearningEvent> EVENTS_TABLE = new Table<>(
      "learning-events-table", LearningEvent.class, LearningEventEncoder.class);
  public static final Topic<MasteryUpdate> MASTERY_LOG = new Topic<>(
      "mastery-log", MasteryUpdate.class, Topics.MASTERY_UPDATES, RecordKeys::masteryUpdate, "mastery");
  public static final Table<MasteryUpdate> MASTERY_TABLE = new Table<>(
      "mastery-updates-table", MasteryUpdate.class, MasteryUpdateEncoder.class);
  /** Responses that came after the watermark had passed them (stored and counted, not applied). */
  public static final Table<LearningEvent> LATE_EVENTS_TABLE = new Table<>(
      "late-events-table", LearningEvent.class, LateEventEncoder.class);
  /**
   * Dated by their receipt, as the {@code dead_letters} table keeps them: by the refused statement's own time, the
   * broker deleted one of a statement older than the topic's window at once.
   */
  public static final Topic<DeadLetter> DEAD_LETTER_LOG = new Topic<>("dead-letter-log", DeadLetter.class,
      Topics.DEAD_LETTERS, RecordKeys::deadLetter, letter -> letter.getReceivedAt().toEpochMilli(), "dead-letters");
  public static final Table<DeadLetter> DEAD_LETTERS_TABLE = new Table<>(
      "dead-letters-table", DeadLetter.class, DeadLetterEncoder.class);
  public static final Topic<Alert> ALERT_LOG = new Topic<>(
      "alert-log", Alert.class, Topics.ALERTS, RecordKeys::alert, "alerts");
  public static final Table<Alert> ALERTS_TABLE = new Table<>("alerts-table", Alert.class, AlertEncoder.class);
  /** Class-wide alert patterns as they begin and reach more learners (the side output of the class alerts). */
  public static final Table<ClassPattern> CLASS_PATTERNS_TABLE = new Table<>(
      "class-patterns-table", ClassPattern.class, ClassPatternEncoder.class);
  /** The starting catalog from the settings' file and every live update from {@code content.catalog}. */
  public static final Table<SkillMapping> CATALOG_TABLE = new Table<>(
      "skill-catalog-table", SkillMapping.class, SkillMappingEncoder.class);

  public static final List<PipelineOutput<?>> ALL = List.of(EVENT_LOG, EVENTS_TABLE, MASTERY_LOG, MASTERY_TABLE,
      LATE_EVENTS_TABLE, DEAD_LETTER_LOG, DEAD_LETTERS_TABLE, ALERT_LOG, ALERTS_TABLE, CLASS_PATTERNS_TABLE,
      CATALOG_TABLE);

  private PipelineOutputs() {
  }

  /** The table outputs. */
  public static List<Table<?>> tables() {
    return ALL.stream().filter(o -> o instanceof Table<?>).<Table<?>>map(o -> (Table<?>) o).toList();
  }

  /**
   * What a replay writes: the outputs of the tables {@link ProjectionTables#written()} declares. Fails when one of
   * those tables has no output, since a replay would then leave it empty.
   */
  public static List<PipelineOutput<?>> rebuiltFromEventLog() {
    List<String> written = ProjectionTables.written();
    List<Table<?>> outputs = tables().stream().filter(t -> written.contains(t.table())).toList();
    if (outputs.size() != written.size()) {
      throw new IllegalStateException("ProjectionTables declares " + written + " as written from the event log, but "
          + "the pipeline's outputs write " + outputs.stream().map(Table::table).collect(Collectors.joining(", ")));
    }
    return List.copyOf(outputs);
  }
}
