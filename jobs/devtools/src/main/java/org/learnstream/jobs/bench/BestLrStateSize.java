package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.learnstream.jobs.state.BestLrCountsStateCodec;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.mastery.bestlr.Counts;

/**
 * Flink state of the Best-LR operator ({@code mastery.best-lr-file}), with the serializers the job uses: per
 * learner the key and the overall counts. Per learner x skill it keeps nothing: the skill's counts are the mastery
 * state's attempts and correct answers, which every update states. Key lengths are the averages of the run's
 * mastery_current rows.
 */
final class BestLrStateSize {

  private BestLrStateSize() {
  }

  static Map<String, Object> measure(Client client, String database) {
    String learnerKeyChars = ClickHouseQueries.text(client, "SELECT avg(length(tenant) + length(learner) + 1) FROM "
        + database + ".mastery_current FORMAT TabSeparated").strip();
    int learnerKeyBytes = StateSize.serializedSize(StringSerializer.INSTANCE,
        "x".repeat((int) Math.round(Double.parseDouble(learnerKeyChars))));
    int overallBytes = StateSize.serializedSize(new CodecSerializer<>(new BestLrCountsStateCodec()),
        new Counts(600, 400));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("best_lr_state_bytes_per_learner_x_skill", 0);
    result.put("best_lr_state_bytes_per_learner", learnerKeyBytes + overallBytes);
    return result;
  }
}
