package org.learnstream.jobs.ingest.documents;

import org.learnstream.jobs.settings.DocumentOptions;
import org.learnstream.pipeline.records.DocumentSchema;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.apache.flink.configuration.ReadableConfig;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few open JDBC connections to the document database (embedded H2 or PostgreSQL), lent one at a time. The schema
 * is migrated when the database is opened.
 */
public final class DocumentDatabase implements AutoCloseable {

  private static final long BORROW_TIMEOUT_SECONDS = 10;
  /** H2's "database may be already in use" (ErrorCode.DATABASE_ALREADY_OPEN_1). */
  private static final int H2_ALREADY_OPEN = 90020;
  /**
   * An embedded database shared by processes (AUTO_SERVER) whose owner was killed is taken over by the next process
   * that opens it, which then serves the others; one that opens it during the takeover is refused as "already in
   * use" until the new owner has written where it serves. That lasts seconds: it is asked again for up to 30 s.
   */
  private static final RetryPolicy<Connection> WHILE_ANOTHER_PROCESS_TAKES_OVER = RetryPolicy.<Connection>builder()
      .handleIf(e -> e instanceof SQLException sql && sql.getErrorCode() == H2_ALREADY_OPEN)
      .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
      .withMaxDuration(Duration.ofSeconds(30))
      .withMaxRetries(-1)
      .build();
  private static final String UNIQUE_VIOLATION = "23505";

  private final String description;
  private final List<Connection> all = new ArrayList<>();
  private final BlockingQueue<Connection> idle;
  private final List<Integer> applied;

  private DocumentDatabase(String url, Properties credentials, int connections, String description) {
    this.description = description;
    this.idle = new ArrayBlockingQueue<>(connections);
    try {
      for (int i = 0; i < connections; i++) {
        Connection c = Failsafe.with(WHILE_ANOTHER_PROCESS_TAKES_OVER)
            .get(() -> DriverManager.getConnection(url, credentials));
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
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

  /** Runs {@code work} in one transaction on a lent connection. */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    Connection c = borrow();
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      idle.add(c);
    }
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
