package org.learnstream.pipeline.clickhouse;

import org.learnstream.schemas.MasteryUpdate;

import java.util.List;

/** {@link MasteryUpdate} -> {@code mastery_updates} (and, through its materialized view, {@code mastery_current}). */
public final class MasteryUpdateEncoder implements RowEncoder<MasteryUpdate> {

  private static final List<String> COLUMNS = List.of("tenant", "learner", "skill", "statement_id", "course",
      "section", "event_time", "event_time_ms", "sequence", "correct", "p_known_before", "p_correct_predicted",
      "p_known_after", "mastered", "attempts", "correct_count", "recent_accuracy", "recent_window", "trend",
      "first_mastered_at", "first_mastered_at_ms", "model_version", "revision", "voided",
      "best_lr_p_correct_predicted", "best_lr_p_correct_next", "best_lr_model_version");

  @Override
  public String table() {
    return "mastery_updates";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void write(MasteryUpdate u, RowBinaryOutput out) {
    out.string(u.getTenant()).string(u.getLearner()).string(u.getSkill()).string(u.getStatementId())
        .nullableString(u.getCourse()).nullableString(u.getSection())
        .dateTime(u.getEventTime()).epochMillis(u.getEventTime())
        .uint32(u.getSequence()).bool(u.getCorrect())
        .float64(u.getPKnownBefore()).float64(u.getPCorrectPredicted()).float64(u.getPKnownAfter())
        .bool(u.getMastered())
        .uint32(u.getAttempts()).uint32(u.getCorrectCount())
        .float64(u.getRecentAccuracy()).uint32(u.getRecentWindow()).float64(u.getTrend())
        .nullableDateTime(u.getFirstMasteredAt()).nullableEpochMillis(u.getFirstMasteredAt())
        .string(u.getModelVersion()).uint64(u.getRevision()).bool(u.getVoided())
        .nullableFloat64(u.getBestLrPCorrectPredicted()).nullableFloat64(u.getBestLrPCorrectNext())
        .nullableString(u.getBestLrModelVersion());
  }

  @Override
  public String tenant(MasteryUpdate row) {
    return row.getTenant();
  }
}
