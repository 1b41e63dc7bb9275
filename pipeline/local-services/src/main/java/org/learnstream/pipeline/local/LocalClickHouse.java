package org.learnstream.pipeline.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code clickhouse-server} child process with its own directory, generated config and free ports,
 * listening on 127.0.0.1 only, with a {@code default} user without password that may connect from localhost only.
 * <p>
 * {@link #close()} stops the server (SIGTERM, then a kill after a timeout) and removes its directory unless
 * asked to keep it. A shutdown hook stops it when the JVM exits, and the child's PID is written to
 * {@code clickhouse.pid} so that a later start in the same directory stops a server orphaned by a killed JVM.
 */
public final class LocalClickHouse implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalClickHouse.class);
  static final String PID_FILE = "clickhouse.pid";
  private static final List<String> LOG_FILES = List.of("clickhouse-server.err.log", "stdout.log");
  static final String INSTALL_HINT = "Install it with `apt-get install clickhouse-server` (Debian/Ubuntu) "
      + "or pass the URL of a running ClickHouse server instead.";

  private final LocalClickHouseSettings settings;
  private final Path baseDir;
  private final boolean deleteOnClose;
  private final int httpPort;
  private final int tcpPort;
  private final Thread shutdownHook;
  private volatile Process process;
  private boolean closed;
  /** Where each log file ended when the server was last launched: a kept directory's logs hold older starts too. */
  private final Map<String, Long> logStarts = new HashMap<>();
  private String extraUsers = "";

  private LocalClickHouse(LocalClickHouseSettings settings, Path baseDir, boolean deleteOnClose) {
    this.settings = settings;
    this.baseDir = baseDir;
    this.deleteOnClose = deleteOnClose;
    // a kept data directory keeps its ports when they are free: clients of an earlier start find it again
    int[] ports = deleteOnClose
        ? FreePorts.find(2)
        : FreePorts.kept(baseDir.resolve("ports"), 2);
    this.httpPort = ports[0];
    this.tcpPort = ports[1];
    this.shutdownHook = new Thread(this::stopQuietly, "local-clickhouse-shutdown-" + httpPort);
  }

  /** Starts a server from PATH in a fresh temporary directory that is removed on close. */
  public static LocalClickHouse start() {
    return start(LocalClickHouseSettings.defaults());
  }

  /** Starts a server from PATH in {@code baseDir}, which is kept on close (it may hold data worth keeping). */
  public static LocalClickHouse start(Path baseDir) {
    return start(LocalClickHouseSettings.defaults().withBaseDir(baseDir));
  }

  public static LocalClickHouse start(LocalClickHouseSettings settings) {
    Path binary = settings.binary().orElseGet(LocalClickHouse::findOnPath);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is not an executable file. " + INSTALL_HINT);
    }
    LocalClickHouseSettings resolved = settings.withBinary(binary);
    Path dir;
    boolean delete;
    try {
      if (settings.baseDir().isPresent()) {
        dir = Files.createDirectories(settings.baseDir().get().toAbsolutePath());
        delete = settings.keepData().map(keep -> !keep).orElse(false);
      } else {
        dir = Files.createTempDirectory("learnstream-clickhouse-");
        delete = settings.keepData().map(keep -> !keep).orElse(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the ClickHouse directory: " + e.getMessage(), e);
    }
    ServerProcesses.stopOrphan(dir.resolve(PID_FILE)); // before choosing ports: it may hold the kept ones
    try {
      return TakenPorts.startRetrying("ClickHouse server", attempt -> ServerProcesses.launchedOrClosed(
          new LocalClickHouse(resolved, dir, delete), LocalClickHouse::launch, LocalClickHouse::keepDirectoryAndStop));
    } catch (RuntimeException e) {
      if (delete) {
        ServerProcesses.deleteRecursively(dir);
      }
      throw e;
    }
  }

  /**
   * Stops a server left running in {@code baseDir} by a process that died without closing it (its pid is recorded
   * there); nothing happens when there is none.
   */
  public static void stopOrphan(Path baseDir) {
    ServerProcesses.stopOrphan(baseDir.resolve(PID_FILE));
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public Path baseDir() {
    return baseDir;
  }

  /**
   * Sets the users besides {@code default}: {@code <users>} entries of users.xml, such as a school's read-only
   * user. The running server picks the file up within a few seconds (poll a log-in to know when); a restart keeps
   * them.
   */
  public synchronized void setUsers(String usersXmlEntries) {
    extraUsers = usersXmlEntries;
    serverConfig().writeUsers();
  }

  private ServerConfig serverConfig() {
    return new ServerConfig(baseDir, httpPort, tcpPort, settings.maxServerMemoryBytes(), extraUsers);
  }

  /** PID of the running server process. */
  public long pid() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("The local ClickHouse server is not running");
    }
    return p.pid();
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Stops the server but keeps its directory and ports, so that {@link #restart()} brings the same data back. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p != null) {
      ServerProcesses.terminate(p.toHandle(), settings.stopTimeout());
    }
  }

  /** Starts the server again on the same ports and data after {@link #stop()} (a no-op while running). */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("The local ClickHouse server is closed");
    }
    if (!isRunning()) {
      launch();
    }
  }

  /**
   * Leaves the server running after this JVM exits (its stop-on-exit hook is removed) and hands it over: whoever
   * records the returned process stops it later, as {@code learnstream cluster down} does. Closing this object
   * afterwards changes nothing.
   */
  public synchronized ProcessHandle detach() {
    Process p = process;
    if (p == null || closed) {
      throw new IllegalStateException("The local ClickHouse server is not running");
    }
    closed = true;
    process = null;
    ServerProcesses.removeShutdownHook(shutdownHook);
    return p.toHandle();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    keepDirectoryAndStop();
    if (deleteOnClose) {
      ServerProcesses.deleteRecursively(baseDir);
    }
  }

  private synchronized void launch() {
    ServerProcesses.stopOrphan(baseDir.resolve(PID_FILE));
    Path config = serverConfig().write();
    Path stdout = baseDir.resolve("log").resolve("stdout.log");
    markLogStarts();
    List<String> command = new ArrayList<>();
    command.add(settings.binary().orElseThrow().toString());
    if (settings.binary().orElseThrow().getFileName().toString().equals("clickhouse")) {
      command.add("server"); // the single multi-tool binary of current releases
    }
    command.add("--config-file=" + config);
    try {
      Process p = new ProcessBuilder(command)
          .directory(baseDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
          .start();
      process = p;
      Files.writeString(baseDir.resolve(PID_FILE), Long.toString(p.pid()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalArgumentException alreadyRegistered) {
      // restart(): the hook from the first launch still stands
    }
    awaitPing();
    LOG.info("Local ClickHouse up at {} (pid {}, dir {})", httpUrl(), pid(), baseDir);
  }

  private void awaitPing() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ping = HttpRequest.newBuilder(URI.create(httpUrl() + "/ping")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException("clickhouse-server exited during start-up"
            + (p == null ? "" : " with code " + p.exitValue()) + ". " + logTail());
      }
      try {
        HttpResponse<String> response = http.send(ping, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for clickhouse-server", e);
      }
      try {
        p.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for clickhouse-server", e);
      }
    }
    throw new IllegalStateException("clickhouse-server did not answer GET " + httpUrl() + "/ping within "
        + settings.startupTimeout().toSeconds() + " s. " + logTail());
  }

  private synchronized void markLogStarts() {
    for (String name : LOG_FILES) {
      Path file = baseDir.resolve("log").resolve(name);
      try {
        logStarts.put(name, Files.exists(file) ? Files.size(file) : 0L);
      } catch (IOException e) {
        logStarts.put(name, 0L);
      }
    }
  }

  /**
   * The last lines the server wrote to its logs since it was last launched, for error messages (and the decision to
   * start again on other ports, which an older start's clash in a kept directory must not make).
   */
  synchronized String logTail() {
    StringBuilder tail = new StringBuilder("Server log tail (" + baseDir.resolve("log") + "):");
    for (String name : LOG_FILES) {
      Path file = baseDir.resolve("log").resolve(name);
      try {
        if (Files.exists(file)) {
          List<String> lines = sinceLaunch(file, logStarts.getOrDefault(name, 0L)).lines().toList();
          tail.append("\n--- ").append(name).append(" ---\n")
              .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
      } catch (IOException | UncheckedIOException e) {
        tail.append("\n(cannot read ").append(file).append(": ").append(e.getMessage()).append(')');
      }
    }
    return tail.toString();
  }

  /** The file's text from {@code start} on, or all of it when it is shorter now (it was rotated). */
  private static String sinceLaunch(Path file, long start) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      long skip = Files.size(file) >= start ? start : 0;
      in.skipNBytes(skip);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** After a failed launch: stops whatever started, keeping the directory for the next attempt or the caller. */
  private synchronized void keepDirectoryAndStop() {
    closed = true;
    stop();
    ServerProcesses.removeShutdownHook(shutdownHook);
  }

  /** The shutdown hook: what close() does, minus removing the hook itself. */
  private void stopQuietly() {
    try {
      stop();
      if (deleteOnClose) {
        ServerProcesses.deleteRecursively(baseDir);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not stop the local ClickHouse server: {}", e.toString());
    }
  }

  /** Finds {@code clickhouse-server} (Debian/Ubuntu package) or the {@code clickhouse} multi-tool on PATH. */
  static Path findOnPath() {
    return findOnPath(System.getenv("PATH")).orElseThrow(() -> new IllegalStateException(
        "clickhouse-server is not on PATH. " + INSTALL_HINT));
  }

  static Optional<Path> findOnPath(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String name : List.of("clickhouse-server", "clickhouse")) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
