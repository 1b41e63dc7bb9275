package org.learnstream.jobs.ingest.documents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fresh PostgreSQL documents database opened by several processes' pools at once, as on a first deployment. */
class PostgresDatabaseOpenedTogetherITCase {

  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  @Test
  void openersOfAFreshDatabaseTogetherEachOpenItAndEachMigrationIsAppliedOnce() throws Exception {
    String url = POSTGRES.freshDatabase("together_");
    MigratedTogether.assertEachAppliedOnce(
        MigratedTogether.openAtOnce(4, () -> DocumentDatabase.postgres(url, POSTGRES.user(), null, 1)));
  }
}
