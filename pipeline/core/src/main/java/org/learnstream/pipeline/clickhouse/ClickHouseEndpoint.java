package org.learnstream.pipeline.clickhouse;

import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * Where a ClickHouse server is and how to log in: any server given by URL, or a local one.
 * The password is only ever read from an environment variable, and {@link #toString()} masks it.
 *
 * @param url      HTTP interface, e.g. {@code http://127.0.0.1:8123}
 * @param user     user name
 * @param password password (empty for none); never printed
 * @param database database that holds the Learnstream tables
 */
public record ClickHouseEndpoint(String url, String user, String password, String database) implements Serializable {

  public ClickHouseEndpoint {
    Objects.requireNonNull(url, "ClickHouse url");
    URI uri = URI.create(url);
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "ClickHouse url must look like http://host:8123 (HTTP interface), got: " + url);
    }
    user = user == null || user.isBlank() ? "default" : user;
    password = password == null ? "" : password;
    database = database == null || database.isBlank() ? "default" : database;
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "ClickHouse database name must match [A-Za-z_][A-Za-z0-9_]*, got: " + database);
    }
  }

  /** The {@code default} user without a password, as a private local server has. */
  public static ClickHouseEndpoint withoutPassword(String url, String database) {
    return new ClickHouseEndpoint(url, "default", "", database);
  }

  /** Reads the password from the environment variable {@code passwordEnv}; empty when it is unset. */
  public static ClickHouseEndpoint withPasswordFromEnv(String url, String user, String passwordEnv, String database) {
    String password = System.getenv(passwordEnv);
    return new ClickHouseEndpoint(url, user, password == null ? "" : password, database);
  }

  public ClickHouseEndpoint withDatabase(String otherDatabase) {
    return new ClickHouseEndpoint(url, user, password, otherDatabase);
  }

  @Override
  public String toString() {
    return "ClickHouseEndpoint[url=" + url + ", user=" + user
        + ", password=" + (password.isEmpty() ? "<none>" : "****") + ", database=" + database + "]";
  }
}
