package org.learnstream.jobs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnstream.jobs.settings.GrafanaVariables;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;

/**
 * What a Grafana on this machine needs to show the dashboards on a running ClickHouse: where the provisioning files
 * are, the datasource settings, and the environment variables the datasource provisioning file reads (taken from the
 * file itself, so the hint follows it). The embedded user has no password and the tables sit in the endpoint's
 * database, which the dashboards name through their {@code database} constant.
 */
public final class GrafanaHints {

  static final Path DATASOURCES = Path.of("datasources", "learnstream.yaml");
  static final String HOST_ENV = GrafanaVariables.HOST;
  static final String USER_ENV = GrafanaVariables.USER;
  static final String PASSWORD_ENV = GrafanaVariables.PASSWORD;
  static final String PROMETHEUS_ENV = GrafanaVariables.PROMETHEUS;
  private static final Pattern ENV = Pattern.compile("\\$\\{(\\w+)}");
  private static final Pattern COMMENT = Pattern.compile("(?m)(^|\\s)#.*$");
  private static final Pattern PORT = Pattern.compile("(?m)^\\s*port:\\s*(\\d+)");
  private static final Pattern DATABASE = Pattern.compile("(?m)^\\s*defaultDatabase:\\s*(\\S+)");

  private GrafanaHints() {
  }

  /** The lines to print, for the provisioning directory (dashboards/provisioning) and the running server. */
  public static List<String> lines(Path provisioning, ClickHouseEndpoint clickHouse) {
    Path dir = provisioning.toAbsolutePath().normalize();
    URI url = URI.create(clickHouse.url());
    boolean secure = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : secure ? 8443 : 8123;
    List<String> lines = new ArrayList<>();
    if (!Files.isRegularFile(dir.resolve(DATASOURCES))) {
      lines.add("Grafana: no provisioning files at " + dir
          + " (run from the Learnstream checkout to see how to connect one)");
      return lines;
    }
    String yaml = read(dir.resolve(DATASOURCES));
    lines.add("Grafana (plugin grafana-clickhouse-datasource v4):");
    lines.add("  provisioning:  " + dir + "  (point paths.provisioning at it, or copy its two files)");
    lines.add("  dashboards:    " + dir.resolveSibling("grafana") + "  (set options.path in "
        + Path.of("dashboards", "learnstream.yaml") + " to it)");
    lines.add(
        "  datasource:    host " + url.getHost() + ", port " + port + ", protocol http" + (secure ? " (secure)" : "")
            + ", database " + clickHouse.database() + ", user " + clickHouse.user()
            + (clickHouse.password().isEmpty() ? ", no password" : ", password as configured"));
    lines.add("  environment of the Grafana process:");
    for (String variable : variables(yaml)) {
      lines.add("    export " + variable + "=" + value(variable, url, clickHouse));
    }
    Matcher filePort = PORT.matcher(yaml);
    if (filePort.find() && Integer.parseInt(filePort.group(1)) != port) {
      lines.add("  the provisioning file sets port " + filePort.group(1) + ": change it to " + port + " in your copy");
    }
    Matcher fileDatabase = DATABASE.matcher(yaml);
    if (fileDatabase.find() && !fileDatabase.group(1).equals(clickHouse.database())) {
      lines.add(
          "  the provisioning file sets defaultDatabase " + fileDatabase.group(1) + " and the dashboards' database "
              + "constant is learnstream: set both to " + clickHouse.database());
    }
    return lines;
  }

  /** The {@code ${VAR}} names of the datasource file, in order of first use. */
  public static Set<String> variables(String yaml) {
    Set<String> names = new LinkedHashSet<>();
    // only the settings: the file's comments name ${...} placeholders (the dashboards' own variables) to explain them
    Matcher m = ENV.matcher(COMMENT.matcher(yaml).replaceAll(""));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String value(String variable, URI url, ClickHouseEndpoint clickHouse) {
    return switch (variable) {
      case HOST_ENV -> url.getHost();
      case USER_ENV -> clickHouse.user();
      case PASSWORD_ENV -> clickHouse.password().isEmpty() ? "''" : "<the password of " + clickHouse.user() + ">";
      case PROMETHEUS_ENV -> "http://127.0.0.1:9090   # Prometheus is not part of the demo; its panels stay empty";
      default -> "<see dashboards/README.md>";
    };
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Grafana datasource provisioning file " + file
          + ": " + e.getMessage(), e);
    }
  }
}
