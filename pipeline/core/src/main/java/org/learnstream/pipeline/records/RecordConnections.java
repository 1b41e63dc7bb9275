package org.learnstream.pipeline.records;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Opening JDBC connections to the documents database (embedded H2 or PostgreSQL), and telling a connection that broke
 * from a statement that failed. A connection breaks when the database restarts, when PostgreSQL ends its session, or,
 * on the embedded H2, when the process that serves the file to the others (AUTO_SERVER) stops; then a new connection
 * works again once the database is back (on H2: once a process has taken the file over).
 */
public final class RecordConnections {

  /** H2's "database may be already in use" (ErrorCode.DATABASE_ALREADY_OPEN_1). */
  private static final int H2_ALREADY_OPEN = 90020;
  /** H2's "connection is broken" (ErrorCode.CONNECTION_BROKEN_1). */
  private static final int H2_CONNECTION_BROKEN = 90067;
  /** H2's "error opening database" (ErrorCode.ERROR_OPENING_DATABASE_1), whatever the cause. */
  private static final int H2_ERROR_OPENING = 8000;
  /**
   * The causes of {@link #H2_ERROR_OPENING} that H2's lock file gives a process that opened the file at the same moment
   * as another (H2's FileLock): the other became the owner, and serves it once it has written where.
   */
  private static final List<String> H2_OPENED_AT_THE_SAME_MOMENT = List.of("Lock file recently modified",
      "Another process was faster", "Concurrent update");
  /**
   * An embedded database shared by processes whose owner was killed is taken over by the next process that opens it,
   * which then serves the others; one that opens it during the takeover, or at the same moment as another on a first
   * start, is refused until the new owner has written where it serves. That lasts seconds: it is asked again for up
   * to 30 s.
   */
  private static final RetryPolicy<Connection> WHILE_ANOTHER_PROCESS_TAKES_OVER = RetryPolicy.<Connection>builder()
      .handleIf(e -> e instanceof SQLException sql && (sql.getErrorCode() == H2_ALREADY_OPEN
          || sql.getErrorCode() == H2_ERROR_OPENING && sql.getMessage() != null
              && H2_OPENED_AT_THE_SAME_MOMENT.stream().anyMatch(sql.getMessage()::contains)))
      .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
      .withMaxDuration(Duration.ofSeconds(30))
      .withMaxRetries(-1)
      .build();

  private RecordConnections() {
  }

  /** A new connection, not auto-committing, read-committed; waits out an embedded database's takeover. */
  public static Connection open(String url, Properties credentials) throws SQLException {
    Connection c;
    try {
      c = Failsafe.with(WHILE_ANOTHER_PROCESS_TAKES_OVER).get(() -> DriverManager.getConnection(url, credentials));
    } catch (FailsafeException e) {
      throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
    }
    try {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * Whether {@code failure} came from {@code connection} having broken (so a new connection may succeed) rather than
   * from the statement: a connection exception (SQLSTATE class 08), H2's broken connection, or a connection that no
   * longer answers.
   */
  public static boolean broke(Connection connection, SQLException failure) {
    String state = failure.getSQLState();
    if (state != null && state.startsWith("08") || failure.getErrorCode() == H2_CONNECTION_BROKEN) {
      return true;
    }
    try {
      return !connection.isValid(2);
    } catch (SQLException e) {
      return true;
    }
  }

  /** Closes a connection that is being dropped anyway. */
  public static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // dropped either way
    }
  }
}
