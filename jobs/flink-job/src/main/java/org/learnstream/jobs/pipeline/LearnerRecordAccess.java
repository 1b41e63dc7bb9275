package org.learnstream.jobs.pipeline;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import java.sql.SQLException;
import org.learnstream.pipeline.records.DocumentSchema;
import org.learnstream.pipeline.records.JdbcRecordTransactions;

/**
 * Where the job finds the learner records that sealed statements need: the documents database the endpoint uses,
 * PostgreSQL by {@code documents.url}, else the embedded H2 under {@code runtime.data-dir}. The password comes from
 * the environment of the process that opens it, never from the job's arguments.
 */
public final class LearnerRecordAccess implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String url;
  private final String user;

  private LearnerRecordAccess(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** The settings' database; null when they name none (then sealed statements cannot be opened). */
  public static LearnerRecordAccess from(ReadableConfig config) {
    String url = config.get(DocumentOptions.URL);
    if (url != null) {
      return new LearnerRecordAccess(url, config.get(DocumentOptions.USER));
    }
    String dataDir = config.get(RuntimeOptions.DATA_DIR);
    return dataDir == null
        ? null
        : new LearnerRecordAccess(JdbcRecordTransactions.embeddedH2Url(Path.of(dataDir).resolve("documents")), "");
  }

  /** One connection of the calling operator's own to the records' database, opened on first use. */
  public JdbcRecordTransactions transactions() {
    Properties credentials = new Properties();
    if (!user.isEmpty()) {
      credentials.setProperty("user", user);
    }
    String password = System.getenv(DocumentOptions.PASSWORD_ENV);
    if (password != null) {
      credentials.setProperty("password", password);
    }
    return new JdbcRecordTransactions(url, credentials);
  }

  /**
   * Applies the database's migrations it lacks ({@link DocumentSchema}), as the endpoint does when it opens it: from
   * the job's start, before any operator uses the records.
   */
  public void migrate() {
    try (JdbcRecordTransactions database = transactions()) {
      database.inTransaction(DocumentSchema::migrate);
    } catch (SQLException e) {
      throw new IllegalStateException("the learner records' database " + this + " could not be migrated (SQLSTATE "
          + e.getSQLState() + "): " + e.getMessage(), e);
    }
  }

  /** The database without credentials or query parameters, for messages. */
  @Override
  public String toString() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }
}
