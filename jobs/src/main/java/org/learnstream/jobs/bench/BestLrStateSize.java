package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.learnstream.jobs.state.BestLrCountsStateCodec;
import org.learnstream.jobs.state.BestLrSkillCountsStateCodec;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.mastery.bestlr.BestLrStep;
import org.learnstream.pipeline.mastery.bestlr.Counts;

/**
 * Flink state of the Best-LR operator ({@code mastery.best-lr-file}), with the serializers the job uses: per
 * learner x skill a map entry (the skill, the latest counted revision and two counts), per learner the key and the
 * overall counts. A RocksDB backend repeats the learner key in each map entry; the figure with it is reported too.
 * Key and skill lengths are the averages of the run's mastery_current rows.
 */
final class BestLrStateSize {

  private BestLrStateSize() {
  }

  static Map<String, Object> measure(Client client, String database) {
    String[] averages = ClickHouseQueries.text(client, "SELECT avg(length(tenant) + length(learner) + 1), "
        + "avg(length(skill)) FROM " + database + ".mastery_current FORMAT TabSeparated").strip().split("\t");
    int learnerKeyBytes = StateSize.serializedSize(StringSerializer.INSTANCE,
        "x".repeat((int) Math.round(Double.parseDouble(averages[0]))));
    int skillBytes = StateSize.serializedSize(StringSerializer.INSTANCE,
        "s".repeat((int) Math.round(Double.parseDouble(averages[1]))));
    // a learner x skill with a void applied (era 2) and a hundred answers: revisions and counts at their usual size
    int skillCountsBytes = StateSize.serializedSize(new CodecSerializer<>(new BestLrSkillCountsStateCodec()),
        new BestLrStep.SkillCounts(2L << 32 | 201, new Counts(60, 40)));
    int overallBytes = StateSize.serializedSize(new CodecSerializer<>(new BestLrCountsStateCodec()),
        new Counts(600, 400));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("best_lr_state_bytes_per_learner_x_skill", skillBytes + skillCountsBytes);
    result.put("best_lr_state_bytes_per_learner_x_skill_with_learner_key",
        learnerKeyBytes + skillBytes + skillCountsBytes);
    result.put("best_lr_state_bytes_per_learner", learnerKeyBytes + overallBytes);
    return result;
  }
}
