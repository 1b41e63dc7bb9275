package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/** {@code learnstream migrate} on a private 18.16 server, which is sent no insert deduplication tokens. */
class MigrateCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void onClickHouse18MigrateSucceedsAndSaysTheDeduplicationStepIsSkipped() {
    CliResult result = CliResult.runOn(CLICKHOUSE, "migrate");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("0 migrations applied (already up to date)")
        .contains("insert deduplication: ClickHouse 18.").contains("is older than 22.2")
        .contains("non_replicated_deduplication_window skipped");
  }

  @Test
  void aMigrationTimeoutOutsideItsRangeIsRefusedNamingTheSettingAndTheRange() {
    CliResult result = CliResult.run(Map.of("LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_MIGRATION_TIMEOUT", "1 s"), "migrate");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("clickhouse.migration-timeout").contains("between 10 s and 7 d");
  }
}
