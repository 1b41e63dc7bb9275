package org.learnstream.jobs.settings;

import org.learnstream.jobs.config.EnvironmentVariable;

/** What the command-line clients ({@code send}, {@code subscriptions}) read from the environment. */
public final class ClientVariables {

  public static final EnvironmentVariable XAPI_PASSWORD = EnvironmentVariable.secret("LEARNSTREAM_XAPI_PASSWORD",
      "send: secret of --user at the xAPI endpoint. Unset with the user 'demo': the development secret 'demo'.");

  public static final EnvironmentVariable XAPI_USER = EnvironmentVariable.plain("LEARNSTREAM_XAPI_USER",
      "send: the default of --user (the endpoint's credential key). Unset: demo.");

  public static final EnvironmentVariable PASSWORD = EnvironmentVariable.secret("LEARNSTREAM_PASSWORD",
      "Deprecated name of LEARNSTREAM_XAPI_PASSWORD, read for one more release.");

  public static final EnvironmentVariable USER = EnvironmentVariable.plain("LEARNSTREAM_USER",
      "Deprecated name of LEARNSTREAM_XAPI_USER, read for one more release.");

  public static final EnvironmentVariable KAFKA_BOOTSTRAP = EnvironmentVariable.plain("LEARNSTREAM_KAFKA_BOOTSTRAP",
      "Deprecated name of LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS for subscriptions, read for one more release. "
          + "The test suites use the Kafka it names instead of starting one.");

  private ClientVariables() {
  }
}
