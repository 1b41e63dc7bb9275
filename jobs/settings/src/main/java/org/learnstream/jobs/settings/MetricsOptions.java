package org.learnstream.jobs.settings;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.learnstream.jobs.config.OptionCheck;

/** Where {@code learnstream run} serves its Prometheus metrics ({@code serve} uses its endpoint's port). */
public final class MetricsOptions {

  public static final ConfigOption<Integer> PORT = ConfigOptions.key("metrics.port")
      .intType().defaultValue(9249)
      .withDescription("TCP port of the /metrics endpoint (Prometheus text format) of 'learnstream run'; 0 picks a "
          + "free port (printed at start), -1 serves none.");

  public static final OptionCheck<Integer> PORT_RANGE = new OptionCheck<>(PORT, p -> p >= -1 && p <= 65535,
      "-1 (none), 0 (any) or a port");

  public static final ConfigOption<String> HOST = ConfigOptions.key("metrics.host")
      .stringType().defaultValue("127.0.0.1")
      .withDescription("Interface the /metrics endpoint of 'learnstream run' listens on (0.0.0.0 for every one).");

  private MetricsOptions() {
  }
}
