package org.learnstream.jobs.settings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.TimeUtils;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.config.OptionCheck;
import org.learnstream.pipeline.clickhouse.RetentionWindows;

/**
 * How long learners' data is kept, enforced by {@code learnstream retention} (which {@code serve} also runs on its
 * own, {@link #SERVE_EVERY}) and by the topics' settings when they are created: raw statements briefly (the event log
 * is the record), events and projections for years. A tenant may have its own windows.
 */
public final class RetentionOptions {

  private static final Duration SHORTEST = Duration.ofDays(1);
  private static final Duration LONGEST = Duration.ofDays(36_500);
  private static final Pattern TENANT = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final String PAIRS = "comma-separated tenant=duration pairs, e.g. 'school-north=14 d, "
      + "school-south=60 d', each duration between 1 d and 36500 d";

  public static final ConfigOption<Duration> STATEMENTS = ConfigOptions.key("retention.statements")
      .durationType().defaultValue(Duration.ofDays(30))
      .withDescription("How long raw statements are kept: the topic xapi.statements and the original bytes of "
          + "refused statements (topic dead.letters, table dead_letters). The event log is the record of what a "
          + "statement said.");

  public static final OptionCheck<Duration> STATEMENTS_RANGE = OptionCheck.between(STATEMENTS, SHORTEST, LONGEST);

  public static final ConfigOption<Duration> EVENTS = ConfigOptions.key("retention.events")
      .durationType().defaultValue(Duration.ofDays(1095))
      .withDescription("How long events and everything derived from them are kept: the event log learning.events "
          + "and every ClickHouse table with learners' rows (events, statement reads, mastery, aggregates, alerts, "
          + "deliveries, late events, the learner directory), and the job's running estimates of a learner (mastery "
          + "per skill, Best-LR counts) past their last answer, for the longest window of any tenant. 1095 d is three "
          + "years.");

  public static final OptionCheck<Duration> EVENTS_RANGE = OptionCheck.between(EVENTS, SHORTEST, LONGEST);

  public static final ConfigOption<String> TENANT_STATEMENTS = ConfigOptions.key("retention.tenant-statements")
      .stringType().defaultValue("")
      .withDescription("Tenants whose raw statements are kept for another time than retention.statements, as "
          + "tenant=duration pairs, e.g. 'school-north=14 d'. Kafka topics hold every tenant, so they keep the "
          + "longest window; a shorter one is applied in ClickHouse.");

  public static final OptionCheck<String> TENANT_STATEMENTS_PAIRS = new OptionCheck<>(TENANT_STATEMENTS,
      RetentionOptions::readable, PAIRS);

  public static final ConfigOption<String> TENANT_EVENTS = ConfigOptions.key("retention.tenant-events")
      .stringType().defaultValue("")
      .withDescription("Tenants whose events and projections are kept for another time than retention.events, as "
          + "tenant=duration pairs, e.g. 'school-north=365 d, school-south=1825 d'.");

  public static final OptionCheck<String> TENANT_EVENTS_PAIRS = new OptionCheck<>(TENANT_EVENTS,
      RetentionOptions::readable, PAIRS);

  public static final ConfigOption<Duration> SERVE_EVERY = ConfigOptions.key("retention.serve-every")
      .durationType().defaultValue(Duration.ofDays(1))
      .withDescription("How often serve runs retention itself, as learnstream retention does (the first run after "
          + "this long or a minute, whichever is shorter); 0 s: never, for an installation that runs "
          + "learnstream retention on a schedule of its own.");

  public static final OptionCheck<Duration> SERVE_EVERY_RANGE = new OptionCheck<>(SERVE_EVERY,
      every -> every.isZero() || every.compareTo(Duration.ofSeconds(1)) >= 0 && every.compareTo(LONGEST) <= 0,
      "0 s (never) or between 1 s and 36500 d");

  private RetentionOptions() {
  }

  public static RetentionWindows statements(ReadableConfig config) {
    return new RetentionWindows(config.get(STATEMENTS), pairs(TENANT_STATEMENTS, config.get(TENANT_STATEMENTS)));
  }

  public static RetentionWindows events(ReadableConfig config) {
    return new RetentionWindows(config.get(EVENTS), pairs(TENANT_EVENTS, config.get(TENANT_EVENTS)));
  }

  private static boolean readable(String text) {
    try {
      pairs(TENANT_EVENTS, text);
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  private static Map<String, Duration> pairs(ConfigOption<String> option, String text) {
    Map<String, Duration> windows = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String tenant = eq < 0 ? "" : pair.substring(0, eq).strip();
      if (!TENANT.matcher(tenant).matches()) {
        throw new ConfigException("setting '" + option.key() + "': '" + pair.strip() + "' must be " + PAIRS);
      }
      Duration window;
      try {
        window = TimeUtils.parseDuration(pair.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("setting '" + option.key() + "': '" + pair.strip() + "' must be " + PAIRS);
      }
      if (window.compareTo(SHORTEST) < 0 || window.compareTo(LONGEST) > 0 || windows.put(tenant, window) != null) {
        throw new ConfigException("setting '" + option.key() + "': '" + pair.strip() + "' must be " + PAIRS
            + ", each tenant once");
      }
    }
    return windows;
  }
}
