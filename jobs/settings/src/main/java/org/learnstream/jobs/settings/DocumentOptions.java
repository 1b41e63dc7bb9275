package org.learnstream.jobs.settings;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.EnvironmentVariable;
import org.learnstream.jobs.config.OptionCheck;

/** Where the xAPI documents (State, Activity Profile, Agent Profile) live, and how large one may be. */
public final class DocumentOptions {

  /** Environment variable holding the document database's password; never a setting, never printed. */
  public static final String PASSWORD_ENV = "LEARNSTREAM_DOCUMENTS_PASSWORD";

  public static final EnvironmentVariable PASSWORD = EnvironmentVariable.secret(PASSWORD_ENV,
      "Password of documents.user on the PostgreSQL of documents.url.");

  public static final ConfigOption<String> URL = ConfigOptions.key("documents.url")
      .stringType().noDefaultValue()
      .withDescription("JDBC URL of a PostgreSQL database for the xAPI documents and the learner records that "
          + "statements are sealed under (the endpoint, the job and erase use it), e.g. "
          + "jdbc:postgresql://db:5432/learnstream. Unset: an embedded H2 database under runtime.data-dir.");

  public static final OptionCheck<String> URL_FORM = new OptionCheck<>(URL, u -> u.startsWith("jdbc:postgresql:"),
      "a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database) or unset for the embedded database");

  public static final ConfigOption<String> USER = ConfigOptions.key("documents.user")
      .stringType().defaultValue("")
      .withDescription("User of the document database (password from " + PASSWORD_ENV + ").");

  /** The largest document size a setting may allow. */
  public static final int MAX_BYTES_CEILING = 16 * 1024 * 1024;

  public static final ConfigOption<Integer> MAX_BYTES = ConfigOptions.key("documents.max-bytes")
      .intType().defaultValue(1024 * 1024)
      .withDescription("Largest State, Activity Profile or Agent Profile document; larger ones get 413.");

  public static final OptionCheck<Integer> MAX_BYTES_RANGE = OptionCheck.between(MAX_BYTES, 1024,
      MAX_BYTES_CEILING);

  public static final ConfigOption<Integer> CONNECTIONS = ConfigOptions.key("documents.connections")
      .intType().defaultValue(4)
      .withDescription("Connections the ingest server keeps open to the document database.");

  public static final OptionCheck<Integer> CONNECTIONS_RANGE = OptionCheck.between(CONNECTIONS, 1, 64);

  private DocumentOptions() {
  }
}
