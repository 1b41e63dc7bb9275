package org.learnstream.pipeline.records;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One migrator at a time for a document database. The endpoint, the job's operators and the CLI each migrate the
 * database when they open it, and a fresh start opens it from several processes at once: two that found the same
 * migration missing both applied it, and the second failed on the column or table the first had just added.
 * <ul>
 *   <li>PostgreSQL: a session advisory lock, which ends with {@link #close()} or with the connection.</li>
 *   <li>H2 commits at each DDL statement, so no lock inside the database lasts a migration. Its file is shared by
 *       processes of one machine only (AUTO_SERVER), which take turns by an operating-system lock on a file beside
 *       the database, released when its holder ends, however it ends; threads of one JVM take turns before it (the
 *       operating system's lock belongs to the JVM as a whole).</li>
 * </ul>
 */
final class MigrationTurn implements AutoCloseable {

  /** The advisory lock's key: "LSDOCMIG" in ASCII, a number no other lock of the database is expected to use. */
  static final long ADVISORY_KEY = 0x4C53444F434D4947L;
  private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

  private final Release release;

  private MigrationTurn(Release release) {
    this.release = release;
  }

  /** Waits until no other process or thread migrates the database {@code c} is connected to. */
  static MigrationTurn take(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName();
    if ("PostgreSQL".equals(product)) {
      execute(c, "SELECT pg_advisory_lock(" + ADVISORY_KEY + ")");
      return new MigrationTurn(() -> execute(c, "SELECT pg_advisory_unlock(" + ADVISORY_KEY + ")"));
    }
    IN_THIS_JVM.lock();
    try {
      String path = "H2".equals(product) ? databasePath(c) : null;
      if (path == null) {
        return new MigrationTurn(IN_THIS_JVM::unlock); // in memory: this JVM is the only one using it
      }
      FileChannel file = FileChannel.open(Path.of(path + ".migrations.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = lockOrClose(file);
      return new MigrationTurn(() -> {
        try (file) {
          lock.release();
        } catch (IOException e) {
          throw new SQLException("Could not release the migration lock beside " + path + ": " + e.getMessage(), e);
        } finally {
          IN_THIS_JVM.unlock();
        }
      });
    } catch (IOException e) {
      IN_THIS_JVM.unlock();
      throw new SQLException("Could not take the migration lock of the document database: " + e.getMessage(), e);
    } catch (SQLException | RuntimeException e) {
      IN_THIS_JVM.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    release.run();
  }

  private static FileLock lockOrClose(FileChannel file) throws IOException {
    try {
      return file.lock();
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Where H2 keeps a file database (the serving process's path, on this machine), or null for one in memory. */
  private static String databasePath(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT DATABASE_PATH()")) {
      return r.next() ? r.getString(1) : null;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @FunctionalInterface
  private interface Release {
    void run() throws SQLException;
  }
}
