package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.RecordTransactions;

/** The learner record store on a private PostgreSQL server, as {@code documents.url} gives it in production. */
class PostgresLearnerRecordStoreITCase extends LearnerRecordStoreContract {

  @RegisterExtension
  static final PostgresExtension POSTGRES = new PostgresExtension();

  private String url;

  /** A fresh database per test (a test instance each), which both of the test's openings share. */
  @Override
  DocumentDatabase openDatabase() {
    if (url == null) {
      url = POSTGRES.freshDatabase("records_");
    }
    return DocumentDatabase.postgres(url, POSTGRES.user(), null, 2);
  }

  @Test
  void theEndpointsPoolAndTheJobsConnectionGoOnAfterTheServerEndedTheirSessions() throws Exception {
    Properties credentials = new Properties();
    credentials.setProperty("user", POSTGRES.user());
    try (JdbcRecordTransactions job = new JdbcRecordTransactions(url, credentials)) {
      LearnerRecordStore endpointRecords = uncached(new DocumentRecordTransactions(first));
      LearnerRecordStore jobRecords = uncached(job);
      LearnerRecord created = endpointRecords.resolve(TENANT, ANA);
      assertThat(jobRecords.find(TENANT, ANA)).contains(created);

      assertThat(endSessionsOtherThanOne()).as("sessions ended").isGreaterThanOrEqualTo(3);

      assertThat(jobRecords.find(TENANT, ANA)).contains(created);
      for (int i = 0; i < 3; i++) { // each connection of the pool, every one ended, is replaced on its next loan
        assertThat(endpointRecords.find(TENANT, ANA)).contains(created);
      }
    }
  }

  /** What a restart or an administrator does to a client's sessions: ends every one of the database but this. */
  private int endSessionsOtherThanOne() throws Exception {
    try (Connection admin = DriverManager.getConnection(url, POSTGRES.user(), null);
        Statement s = admin.createStatement();
        ResultSet ended = s.executeQuery("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM "
            + "pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) t")) {
      ended.next();
      return ended.getInt(1);
    }
  }

  /** Every lookup a query: a cached record would hide the connection it came through. */
  private static LearnerRecordStore uncached(RecordTransactions transactions) {
    return new LearnerRecordStore(transactions, KEY, new SecureRandom(), Clock.systemUTC(), 0, Duration.ZERO);
  }
}
