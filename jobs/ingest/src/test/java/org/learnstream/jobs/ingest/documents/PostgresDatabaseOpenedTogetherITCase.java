package org.learnstream.jobs.ingest.documents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fresh PostgreSQL documents database opened by several processes' pools at once, as on a first deployment, and
 * opened again after a migration that was interrupted.
 */
class PostgresDatabaseOpenedTogetherITCase {

  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  @Test
  void openersOfAFreshDatabaseTogetherEachOpenItAndEachMigrationIsAppliedOnce() throws Exception {
    String url = POSTGRES.freshDatabase("together_");
    MigratedTogether.assertEachAppliedOnce(
        MigratedTogether.openAtOnce(4, () -> DocumentDatabase.postgres(url, POSTGRES.user(), null, 1)));
  }

  /** The same migrations run again on their own effects (on PostgreSQL, where DDL is transactional, too). */
  @Test
  void aMigrationInterruptedAfterItsStatementsRunsAgainOnTheirEffectsAtTheNextStart() throws Exception {
    InterruptedMigrations.assertEachRunsAgainOnItsOwnEffects(from -> {
      String url = POSTGRES.freshDatabase("interrupted_" + from + "_");
      return () -> DocumentDatabase.postgres(url, POSTGRES.user(), null, 1);
    });
  }
}
