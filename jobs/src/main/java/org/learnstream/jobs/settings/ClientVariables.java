package org.learnstream.jobs.settings;

import org.learnstream.jobs.config.EnvironmentVariable;

/** What the command-line clients ({@code send}, {@code subscriptions}) read from the environment. */
public final class ClientVariables {

  public static final EnvironmentVariable PASSWORD = EnvironmentVariable.secret("LEARNSTREAM_PASSWORD",
      "send: secret of --user at the xAPI endpoint. Unset with the user 'demo': the development secret 'demo'.");

  public static final EnvironmentVariable USER = EnvironmentVariable.plain("LEARNSTREAM_USER",
      "send: the default of --user (the endpoint's credential key). Unset: demo.");

  public static final EnvironmentVariable KAFKA_BOOTSTRAP = EnvironmentVariable.plain("LEARNSTREAM_KAFKA_BOOTSTRAP",
      "subscriptions: the default of --bootstrap (Kafka host:port). Unset: localhost:9092. The test suites use "
          + "the Kafka it names instead of starting one.");

  private ClientVariables() {}
}
