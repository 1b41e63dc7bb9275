package org.learnstream.pipeline.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server (Debian's {@code postgresql} package) in a fresh temporary directory, on a free port
 * on 127.0.0.1, user {@code postgres} with trust authentication from there. PostgreSQL refuses to run as root, so
 * when this JVM is root the server runs as the {@code postgres} user ({@code runuser}) in a directory that user
 * owns. {@link #close()} stops it ({@code pg_ctl stop -m fast}) and removes the directory; a shutdown hook does the
 * same when the JVM exits.
 */
public final class LocalPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  static final String INSTALL_HINT = "Install it with `apt-get install postgresql` (Debian/Ubuntu).";
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final Path binDir;
  private final Path baseDir;
  private final int port;
  private final boolean asPostgresUser;
  private final Thread shutdownHook;
  private boolean closed;

  private LocalPostgres(Path binDir, Path baseDir, int port) {
    this.binDir = binDir;
    this.baseDir = baseDir;
    this.port = port;
    this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    this.shutdownHook = new Thread(this::stopQuietly, "local-postgres-shutdown-" + port);
  }

  /**
   * Initialises and starts a server from the newest {@code /usr/lib/postgresql/N/bin}, or PATH; a port taken by
   * another process between its choice and the server's bind makes it start again on another, up to
   * {@value TakenPorts#ATTEMPTS} times.
   */
  public static LocalPostgres start() {
    return start(FreePorts.find());
  }

  /** As {@link #start()}, the first attempt on {@code firstPort} as it is (a test's way to meet a taken port). */
  static LocalPostgres start(int firstPort) {
    Path binDir = findBinDir().orElseThrow(() -> new IllegalStateException(
        "PostgreSQL's initdb was found neither in /usr/lib/postgresql/*/bin nor on PATH. " + INSTALL_HINT));
    return TakenPorts.startRetrying("PostgreSQL server", attempt -> {
      Path dir;
      try {
        dir = Files.createTempDirectory("learnstream-postgres-");
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the PostgreSQL directory: " + e.getMessage(), e);
      }
      return ServerProcesses.launchedOrClosed(
          new LocalPostgres(binDir, dir, attempt == 1 ? firstPort : FreePorts.find()), LocalPostgres::launch,
          LocalPostgres::close);
    });
  }

  public int port() {
    return port;
  }

  /** E.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}; user {@code postgres}, no password. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return "postgres";
  }

  /** Creates a database (names are plain identifiers here: letters, digits, underscore). */
  public void createDatabase(String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("Database names here are plain identifiers, got " + name);
    }
    run(List.of(binDir.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
        "-U", "postgres", name));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopQuietly();
    ServerProcesses.removeShutdownHook(shutdownHook);
    ServerProcesses.deleteRecursively(baseDir);
  }

  private void launch() {
    Path data = baseDir.resolve("data");
    if (asPostgresUser) {
      run(List.of("chown", "postgres:", baseDir.toString()));
    }
    run(List.of(binDir.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
        "--auth=trust", "-E", "UTF8", "--no-sync"));
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    // the socket goes to our own directory: /var/run/postgresql may be missing or belong to another server
    Path log = baseDir.resolve("server.log");
    try {
      run(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
          "-o", "-p " + port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    } catch (IllegalStateException e) {
      // pg_ctl only says the server did not start; why (a taken port, among others) is in the server's log
      throw new IllegalStateException(e.getMessage() + "\nServer log " + log + ":\n" + readQuietly(log), e);
    }
    LOG.info("Local PostgreSQL up on 127.0.0.1:{} (dir {})", port, baseDir);
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "(cannot read it: " + e.getMessage() + ")";
    }
  }

  private void stopQuietly() {
    Path data = baseDir.resolve("data");
    if (!Files.exists(data.resolve("postmaster.pid"))) {
      return;
    }
    try {
      run(List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    } catch (RuntimeException e) {
      LOG.warn("Stopping the local PostgreSQL on port {} failed: {}", port, e.getMessage());
    }
  }

  /** Runs a PostgreSQL tool (as the postgres user when we are root) and fails with its output. */
  private void run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser && !command.get(0).equals("chown")) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Path output = Files.createTempFile("learnstream-postgres-command-", ".log");
      try {
        Process p = new ProcessBuilder(full).directory(baseDir.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
        if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", full) + " did not finish within "
              + COMMAND_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", full) + " failed (exit " + p.exitValue() + "): "
              + Files.readString(output, StandardCharsets.UTF_8).strip());
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + full.get(0) + ": " + e.getMessage() + ". " + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + full.get(0), e);
    }
  }

  private static Optional<Path> findBinDir() {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest = versions.map(v -> v.resolve("bin"))
            .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
            .max(Comparator.comparingInt(LocalPostgres::majorVersion));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        LOG.warn("Cannot list {}: {}", debian, e.getMessage());
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
        return Optional.of(Path.of(dir));
      }
    }
    return Optional.empty();
  }

  private static int majorVersion(Path binDir) {
    try {
      return Integer.parseInt(binDir.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
