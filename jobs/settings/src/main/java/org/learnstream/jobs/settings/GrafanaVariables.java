package org.learnstream.jobs.settings;

import org.learnstream.jobs.config.EnvironmentVariable;

/**
 * What Grafana's datasource provisioning file (dashboards/provisioning/datasources/learnstream.yaml) reads from
 * Grafana's environment. Learnstream does not read them; they are declared so that a shell that exports them for
 * Grafana can still start Learnstream. The names are constants too, for the demo's hints to switch on.
 */
public final class GrafanaVariables {

  public static final String HOST = "LEARNSTREAM_CLICKHOUSE_HOST";
  public static final String USER = "LEARNSTREAM_GRAFANA_CLICKHOUSE_USER";
  public static final String PASSWORD = "LEARNSTREAM_GRAFANA_CLICKHOUSE_PASSWORD";
  public static final String PROMETHEUS = "LEARNSTREAM_PROMETHEUS_URL";

  public static final EnvironmentVariable HOST_VARIABLE = EnvironmentVariable.plain(HOST,
      "Grafana: host of the ClickHouse the dashboards read.");

  public static final EnvironmentVariable USER_VARIABLE = EnvironmentVariable.plain(USER,
      "Grafana: its ClickHouse user, best a read-only one.");

  public static final EnvironmentVariable PASSWORD_VARIABLE = EnvironmentVariable.secret(PASSWORD,
      "Grafana: the password of that user.");

  public static final EnvironmentVariable PROMETHEUS_VARIABLE = EnvironmentVariable.plain(PROMETHEUS,
      "Grafana: the Prometheus that scrapes the pipeline's /metrics.");

  private GrafanaVariables() {
  }
}
