package org.learnstream.pipeline.testing;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchemaMigrations;
import org.learnstream.pipeline.local.LocalClickHouse;

import java.util.UUID;

/**
 * A real ClickHouse for tests: one private server per JVM, shared by all test classes and stopped when the test
 * run ends, and a fresh database with all migrations applied for each test class.
 * If {@code LEARNSTREAM_CLICKHOUSE_URL} is set (system property or environment) that server is used instead;
 * user and password then come from {@code LEARNSTREAM_CLICKHOUSE_USER} and the environment variable
 * {@code LEARNSTREAM_CLICKHOUSE_PASSWORD}.
 * <pre>{@code @RegisterExtension static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();}</pre>
 */
public final class ClickHouseExtension implements BeforeAllCallback, AfterAllCallback {

  public static final String URL_PROPERTY = "LEARNSTREAM_CLICKHOUSE_URL";
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
      .create(ClickHouseExtension.class);

  private final boolean dropDatabaseAfterAll;
  private ClickHouseEndpoint endpoint;
  private Client client;
  private LocalClickHouse local;

  public ClickHouseExtension() {
    this(true);
  }

  /** @param dropDatabaseAfterAll false keeps the test database for a look after the run */
  public ClickHouseExtension(boolean dropDatabaseAfterAll) {
    this.dropDatabaseAfterAll = dropDatabaseAfterAll;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedServer shared = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(SharedServer.class, key -> new SharedServer(), SharedServer.class);
    ClickHouseEndpoint server = shared.endpoint;
    local = shared.local;
    String database = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    endpoint = server.withDatabase(database);
    client = ClickHouseClients.create(endpoint);
    SchemaMigrations.apply(client, database);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      try {
        if (dropDatabaseAfterAll) {
          ClickHouseQueries.execute(client, "DROP DATABASE IF EXISTS " + endpoint.database());
        }
      } finally {
        client.close();
      }
    }
  }

  public Client client() {
    return requireStarted(client);
  }

  /** The endpoint of this test class's database. */
  public ClickHouseEndpoint endpoint() {
    return requireStarted(endpoint);
  }

  public String database() {
    return requireStarted(endpoint).database();
  }

  /** {@code database.table}. */
  public String table(String name) {
    return database() + "." + name;
  }

  /** The private server of this run (e.g. to add users to it), or empty when an external server is used. */
  public java.util.Optional<LocalClickHouse> localServer() {
    return java.util.Optional.ofNullable(local);
  }

  /**
   * Waits until the client's user can log in: a user just written into a users file is known to the server once it
   * has re-read the file, within seconds.
   */
  public static void awaitLogIn(Client userClient) {
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
    while (true) {
      try {
        ClickHouseQueries.text(userClient, "SELECT 1");
        return;
      } catch (RuntimeException notYetRead) {
        if (java.time.Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("The server did not take the new user within 30 s", notYetRead);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // between polls, not instead of one
      }
    }
  }

  /** The shared local server, or empty when an external server is used. */
  public static java.util.Optional<LocalClickHouse> localServer(ExtensionContext context) {
    SharedServer shared = context.getRoot().getStore(NAMESPACE).get(SharedServer.class, SharedServer.class);
    return shared == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(shared.local);
  }

  private static <T> T requireStarted(T value) {
    if (value == null) {
      throw new IllegalStateException("ClickHouseExtension is not started: register it with "
          + "@RegisterExtension on a static field");
    }
    return value;
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null && !value.isBlank() ? value : System.getenv(name);
  }

  /** Lives in the root store, so JUnit closes it once, after the last test class of the run. */
  private static final class SharedServer implements ExtensionContext.Store.CloseableResource {
    final LocalClickHouse local;
    final ClickHouseEndpoint endpoint;

    SharedServer() {
      String url = setting(URL_PROPERTY);
      if (url != null && !url.isBlank()) {
        local = null;
        String user = setting("LEARNSTREAM_CLICKHOUSE_USER");
        endpoint = ClickHouseEndpoint.withPasswordFromEnv(url, user, "LEARNSTREAM_CLICKHOUSE_PASSWORD", "default");
      } else {
        local = LocalClickHouse.start();
        endpoint = ClickHouseEndpoint.withoutPassword(local.httpUrl(), "default");
      }
    }

    @Override
    public void close() {
      if (local != null) {
        local.close();
      }
    }
  }
}
