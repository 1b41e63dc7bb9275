package org.learnstream.pipeline.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One JDBC connection to the learner records' database, opened on first use and opened again after a failure, for
 * a process that only reads records now and then (an operator of the job). Transactions take turns on it.
 */
public final class JdbcRecordTransactions implements RecordTransactions, AutoCloseable {

  private final String url;
  private final Properties credentials;
  private Connection connection;

  public JdbcRecordTransactions(String url, Properties credentials) {
    this.url = url;
    this.credentials = credentials;
  }

  /**
   * The URL of the embedded H2 database file {@code dir/documents}. AUTO_SERVER lets a second process (the CLI's
   * {@code erase} beside a running {@code serve}) use the file too: the process that has it open serves it to the
   * others over a TCP port that accepts only clients holding the random key written to the database's lock file (so
   * only processes that can read the data directory), and another takes over when it stops. (H2 refuses AUTO_SERVER together with
   * DB_CLOSE_ON_EXIT=FALSE, so the database closes with the JVM's shutdown hooks.) WRITE_DELAY=0 writes each commit
   * to the file before the commit returns: by default H2 writes commits from a background thread up to a second
   * later, so a killed process lost the learner records it had just created (while the statements sealed under them
   * were already in Kafka) and the documents it had answered 204 for.
   */
  public static String embeddedH2Url(Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("documents") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
  }

  /**
   * Runs {@code work} in one transaction. When the connection broke before the commit (the database restarted, or the
   * process serving the embedded file stopped), nothing was committed: the work runs once more on a new connection,
   * so a job's operator rides out a restart of the process it shared the file with instead of failing.
   */
  @Override
  public synchronized <T> T inTransaction(Work<T> work) throws SQLException {
    Connection c = open();
    T result;
    try {
      result = work.run(c);
    } catch (SQLException e) {
      boolean broke = RecordConnections.broke(c, e);
      close();
      if (!broke) {
        throw e;
      }
      return runAndCommit(open(), work);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return commit(c, result);
  }

  private <T> T runAndCommit(Connection c, Work<T> work) throws SQLException {
    T result;
    try {
      result = work.run(c);
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
    return commit(c, result);
  }

  /** A commit that fails leaves its outcome unknown to this side: the failure goes to the caller, never retried. */
  private <T> T commit(Connection c, T result) throws SQLException {
    try {
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Connection open() throws SQLException {
    if (connection == null) {
      connection = RecordConnections.open(url, credentials);
    }
    return connection;
  }

  /** Closes the connection; the next transaction opens a new one. */
  @Override
  public synchronized void close() {
    if (connection != null) {
      RecordConnections.closeQuietly(connection); // a new one is opened for the next transaction
      connection = null;
    }
  }
}
