package org.learnstream.dashboards;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * ClickHouse's current engine in this process: chDB's {@code libchdb.so} (npm package
 * {@code @chdb/lib-linux-x64-gnu}) through its C API, one session with MergeTree storage under a directory.
 * chDB allows one session per process, so the tests share one (see {@link #shared()}).
 */
final class ChDb implements AutoCloseable {

  /**
   * System property naming {@code libchdb.so}. Not an environment variable: the settings system refuses unknown
   * {@code LEARNSTREAM_*} variables, so one exported for these tests would stop every command and the tests of its
   * refusals.
   */
  static final String LIBRARY_PROPERTY = "learnstream.chdb.library";
  static final String HOW_TO_GET_IT = "set -D" + LIBRARY_PROPERTY
      + "=/path/to/libchdb.so (from `npm pack @chdb/lib-linux-x64-gnu@26.7.3-stable.1` then `tar xzf` the .tgz:"
      + " package/libchdb.so; .ci/run does this)";

  /** The subset of chdb.h used here. {@code chdb_connection} is a pointer; connect returns a pointer to one. */
  interface Api extends Library {
    void chdb_set_signal_handlers_enabled(int enabled);

    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connectionHandle);

    Pointer chdb_query(Pointer connection, String query, String format);

    String chdb_result_error(Pointer result);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    void chdb_destroy_query_result(Pointer result);
  }

  /** A statement chDB refused, with its message. */
  static final class QueryFailure extends RuntimeException {
    QueryFailure(String message) {
      super(message);
    }
  }

  private static ChDb shared;

  /** The loaded library, the handle {@code chdb_connect} returned, and the directory the session stores under. */
  private record Session(Api api, Pointer handle, Path directory) {
  }

  private final Session session;
  private boolean closed;

  private ChDb(Session session) {
    this.session = session;
  }

  /** Where the library is, if this run was given one. */
  static Optional<Path> configuredLibrary() {
    String value = System.getProperty(LIBRARY_PROPERTY);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }

  /** The session of this JVM, opened on first use under a fresh temporary directory and closed at exit. */
  static synchronized ChDb shared(Path library) {
    if (shared == null) {
      shared = open(library, createTempDirectory());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "chdb-close"));
    }
    return shared;
  }

  static ChDb open(Path library, Path directory) {
    if (!Files.isRegularFile(library)) {
      throw new IllegalArgumentException("No chDB library at " + library + ": " + HOW_TO_GET_IT);
    }
    Api api = Native.load(library.toString(), Api.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
    SignalDispositions jvmHandlers = SignalDispositions.save();
    Pointer handle;
    try {
      // Off, so that chDB installs no crash handlers during queries; switching off resets them, hence restore.
      api.chdb_set_signal_handlers_enabled(0);
      // the background pool of a server (16) instead of chDB's 2: mutations wait for a thread of it part by part, and
      // an erasure over the learner-bucketed tables' parts took 50 s with 2 against 3.5 s with 16
      handle = api.chdb_connect(3, new String[] {"clickhouse", "--path=" + directory, "--background_pool_size=16"});
    } finally {
      jvmHandlers.restore();
    }
    if (handle == null || handle.getPointer(0) == null) {
      throw new IllegalStateException("chDB could not open a session on " + directory
          + " (another session in this process, or a directory another process holds?)");
    }
    return new ChDb(new Session(api, handle, directory));
  }

  /** The result as text in {@code format}; a {@link QueryFailure} with chDB's message when it refuses. */
  synchronized String query(String sql, String format) {
    if (closed) {
      throw new IllegalStateException("The chDB session on " + session.directory() + " is closed");
    }
    Pointer result = session.api().chdb_query(session.handle().getPointer(0), sql, format);
    if (result == null) {
      throw new QueryFailure("chDB returned no result for: " + sql);
    }
    try {
      String error = session.api().chdb_result_error(result);
      if (error != null && !error.isEmpty()) {
        throw new QueryFailure(error.strip());
      }
      long length = session.api().chdb_result_length(result);
      Pointer buffer = session.api().chdb_result_buffer(result);
      return length == 0 || buffer == null
          ? ""
          : new String(buffer.getByteArray(0, Math.toIntExact(length)), StandardCharsets.UTF_8);
    } finally {
      session.api().chdb_destroy_query_result(result);
    }
  }

  /** Runs a statement that returns nothing (DDL, INSERT ... VALUES). */
  void execute(String sql) {
    query(sql, "TabSeparated");
  }

  Path directory() {
    return session.directory();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    SignalDispositions jvmHandlers = SignalDispositions.save();
    try {
      session.api().chdb_close_conn(session.handle());
    } finally {
      jvmHandlers.restore();
    }
    deleteRecursively(session.directory());
  }

  private static void deleteRecursively(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot delete chDB's directory " + root, e);
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("learnstream-chdb-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot create a directory for chDB", e);
    }
  }
}
