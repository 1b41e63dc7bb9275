package org.learnstream.pipeline.clickhouse;

import org.learnstream.schemas.LearningEvent;

import java.util.List;

/** {@link LearningEvent} -> {@code learning_events}. */
public final class LearningEventEncoder implements RowEncoder<LearningEvent> {

  private static final List<String> COLUMNS = List.of("statement_id", "tenant", "learner", "kind", "verb",
      "object_id", "object_type", "activity_type", "skills", "success", "score_scaled", "duration_ms",
      "registration", "course", "section", "voided_statement_id", "timestamp", "timestamp_ms", "stored",
      "stored_ms", "statement_json");

  @Override
  public String table() {
    return "learning_events";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void write(LearningEvent e, RowBinaryOutput out) {
    out.string(e.getStatementId()).string(e.getTenant()).string(e.getLearner())
        .uint8(kindValue(e))
        .string(e.getVerb()).string(e.getObjectId()).string(e.getObjectType())
        .nullableString(e.getActivityType())
        .stringArray(e.getSkills())
        .nullableBool(e.getSuccess()).nullableFloat64(e.getScoreScaled()).nullableInt64(e.getDurationMs())
        .nullableString(e.getRegistration()).nullableString(e.getCourse()).nullableString(e.getSection())
        .nullableString(e.getVoidedStatementId())
        .dateTime(e.getTimestamp()).epochMillis(e.getTimestamp())
        .dateTime(e.getStored()).epochMillis(e.getStored())
        .nullableString(e.getStatementJson());
  }

  /** Enum8 values of the kind column (V001): RESPONSE = 1, ACTIVITY = 2, VOIDING = 3. */
  private static int kindValue(LearningEvent e) {
    return switch (e.getKind()) {
      case RESPONSE -> 1;
      case ACTIVITY -> 2;
      case VOIDING -> 3;
    };
  }

  @Override
  public String tenant(LearningEvent row) {
    return row.getTenant();
  }
}
