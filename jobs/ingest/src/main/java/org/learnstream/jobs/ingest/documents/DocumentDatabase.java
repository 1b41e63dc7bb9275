package org.learnstream.jobs.ingest.documents;

import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.pipeline.records.DocumentSchema;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.RecordConnections;
import org.apache.flink.configuration.ReadableConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A few open JDBC connections to the document database (embedded H2 or PostgreSQL), lent one at a time. The schema
 * is migrated when the database is opened.
 */
public final class DocumentDatabase implements AutoCloseable {

  private static final long BORROW_TIMEOUT_SECONDS = 10;
  private static final String UNIQUE_VIOLATION = "23505";

  private final String url;
  private final Properties credentials;
  private final String description;
  private final List<Connection> all = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Connection> idle;
  private final List<Integer> applied;
  /** Set by {@link #close}: a closed database opens no connection in place of a broken one. */
  private volatile boolean closed;

  private DocumentDatabase(String url, Properties credentials, int connections, String description) {
    this.url = url;
    this.credentials = credentials;
    this.description = description;
    this.idle = new ArrayBlockingQueue<>(connections);
    try {
      for (int i = 0; i < connections; i++) {
        Connection c = RecordConnections.open(url, credentials);
        all.add(c);
        idle.add(c);
      }
      applied = inTransaction(DocumentSchema::migrate);
    } catch (SQLException | RuntimeException e) {
      close();
      throw new IllegalStateException("Could not open the document database " + description + ": " + e.getMessage(), e);
    }
  }

  /**
   * An embedded H2 database in {@code dir} (created when missing): it lives as long as the directory. Other
   * processes (the CLI's {@code erase}, the job's operators) may open it at the same time.
   */
  public static DocumentDatabase embedded(Path dir, int connections) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Could not create the document database directory " + dir + ": " + e.getMessage(),
          e);
    }
    return new DocumentDatabase(JdbcRecordTransactions.embeddedH2Url(dir), new Properties(), connections,
        "H2 in " + dir);
  }

  /** A PostgreSQL database by JDBC URL; the password is never part of the description. */
  public static DocumentDatabase postgres(String url, String user, String password, int connections) {
    Properties credentials = new Properties();
    if (user != null && !user.isEmpty()) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    return new DocumentDatabase(url, credentials, connections, "PostgreSQL at " + withoutQuery(url));
  }

  /** Schema versions this opening applied (empty when the schema was current). */
  public List<Integer> appliedMigrations() {
    return applied;
  }

  /** E.g. {@code H2 in /var/lib/learnstream/documents}. */
  public String description() {
    return description;
  }

  /** Work that runs in one transaction: committed when it returns, rolled back when it throws. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a lent connection. A connection that broke (the database restarted, or
   * the process serving the embedded file to this one stopped) is replaced by a new one; when it broke before the
   * commit, nothing was committed and the work runs once more on the new connection.
   */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    Connection c = borrow();
    T result;
    try {
      result = work.run(c);
    } catch (SQLException e) {
      if (!RecordConnections.broke(c, e)) {
        rollBackAndReturn(c);
        throw e;
      }
      try {
        c = replace(c);
      } catch (SQLException down) {
        idle.add(c); // closed: lent again, its next use fails as broken and is replaced then
        throw down;
      }
      try {
        result = work.run(c);
      } catch (SQLException | RuntimeException again) {
        rollBackAndReturn(c);
        throw again;
      }
    } catch (RuntimeException e) {
      rollBackAndReturn(c);
      throw e;
    }
    try {
      c.commit();
      idle.add(c);
      return result;
    } catch (SQLException | RuntimeException e) {
      rollBackAndReturn(c); // a failed commit's outcome is unknown here: never run again
      throw e;
    }
  }

  /** Rolls back and lends the connection again, or a new one in its place when it broke. */
  private void rollBackAndReturn(Connection c) {
    try {
      c.rollback();
      idle.add(c);
    } catch (SQLException e) {
      try {
        idle.add(replace(c));
      } catch (SQLException down) {
        idle.add(c); // closed: lent again, its next use fails as broken and is replaced then
      }
    }
  }

  /** Closes a broken connection and opens its successor (not yet lent). */
  private Connection replace(Connection broken) throws SQLException {
    all.remove(broken);
    RecordConnections.closeQuietly(broken);
    if (closed) {
      throw new SQLException("the document database " + description + " is closed", "08003");
    }
    Connection fresh = RecordConnections.open(url, credentials);
    all.add(fresh);
    return fresh;
  }

  /**
   * Like {@link #inTransaction}, but a unique-key violation (SQLSTATE 23505, the same in H2 and PostgreSQL) runs
   * {@code work} once more: another request inserted the row between this one's read and insert, and the second
   * run reads, locks and decides on what it wrote.
   */
  public <T> T inTransactionRetryingInsertRace(Work<T> work) throws SQLException {
    try {
      return inTransaction(work);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      return inTransaction(work);
    }
  }

  private Connection borrow() throws SQLException {
    try {
      Connection c = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (c == null) {
        throw new SQLException("no connection to the document database became free within "
            + BORROW_TIMEOUT_SECONDS + " s", "08001");
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a document database connection", "08001", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException e) {
        System.err.println("learnstream: closing a document database connection failed: " + e.getMessage());
      }
    }
    all.clear();
  }

  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /**
   * The database the settings name: PostgreSQL by {@link DocumentOptions#URL}, else an embedded H2 in {@code dataDir/documents}
   * (so it lasts as long as the runtime's data directory).
   */
  public static DocumentDatabase open(ReadableConfig config, Path dataDir) {
    String url = config.get(DocumentOptions.URL);
    int connections = config.get(DocumentOptions.CONNECTIONS);
    if (url == null) {
      return DocumentDatabase.embedded(dataDir.resolve("documents"), connections);
    }
    return DocumentDatabase.postgres(url, config.get(DocumentOptions.USER), System.getenv(DocumentOptions.PASSWORD_ENV),
        connections);
  }
}
