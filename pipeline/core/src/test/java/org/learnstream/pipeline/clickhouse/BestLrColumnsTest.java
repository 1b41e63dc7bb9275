package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.MasteryUpdate;

/** Best-LR's columns of mastery_updates and mastery_current, on a real server migrated from scratch. */
class BestLrColumnsTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  @Test
  void theHistoryKeepsBothPredictionsAndTheCurrentRowTheNextAttemptsWithTheModelVersion() {
    List<MasteryUpdate> updates = TestRows.masteryUpdates("school-b", "ada", "fractions", 2, 18);
    updates.set(1, MasteryUpdate.newBuilder(updates.get(1)).setBestLrPCorrectPredicted(0.625)
        .setBestLrPCorrectNext(0.71875).setBestLrModelVersion("best-lr/assistments09").build());
    write(updates);

    List<Map<String, Object>> history = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT sequence, best_lr_p_correct_predicted, best_lr_p_correct_next, best_lr_model_version FROM "
            + CLICKHOUSE.table("mastery_updates") + " FINAL WHERE tenant = 'school-b' ORDER BY sequence "
            + "FORMAT JSONEachRow");
    List<Map<String, Object>> current = ClickHouseQueries.rows(CLICKHOUSE.client(),
        "SELECT best_lr_p_correct_next, best_lr_model_version FROM " + CLICKHOUSE.table("mastery_current")
            + " FINAL WHERE tenant = 'school-b' FORMAT JSONEachRow");

    assertThat(deadLetters).isEmpty();
    assertThat(history.get(0)).as("a row without a Best-LR model").containsEntry("best_lr_p_correct_predicted", null)
        .containsEntry("best_lr_model_version", null);
    assertThat(history.get(1)).containsEntry("best_lr_p_correct_predicted", 0.625)
        .containsEntry("best_lr_p_correct_next", 0.71875)
        .containsEntry("best_lr_model_version", "best-lr/assistments09");
    assertThat(current).containsExactly(
        Map.of("best_lr_p_correct_next", 0.71875, "best_lr_model_version", "best-lr/assistments09"));
  }

  private void write(List<MasteryUpdate> rows) {
    ClickHouseWriter<MasteryUpdate> writer = new ClickHouseWriter<>(CLICKHOUSE.client(), CLICKHOUSE.database(),
        new MasteryUpdateEncoder(), WriterSettings.defaults(), deadLetters::add);
    rows.forEach(writer::write);
    writer.flush();
  }
}
