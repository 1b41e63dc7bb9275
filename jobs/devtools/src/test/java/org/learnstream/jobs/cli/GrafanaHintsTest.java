package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.settings.LearnstreamConfig;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;

class GrafanaHintsTest {

  /** The module runs its tests from jobs/, so the checkout's provisioning directory is a sibling. */
  private static final Path PROVISIONING = Path.of("..", "..", "dashboards", "provisioning");
  private static final ClickHouseEndpoint EMBEDDED = ClickHouseEndpoint.withoutPassword("http://127.0.0.1:43797",
      "learnstream");

  @Test
  void printsTheAbsoluteProvisioningPathAndTheRunningServersSettings() {
    String text = String.join("\n", GrafanaHints.lines(PROVISIONING, EMBEDDED));

    assertThat(text).contains("provisioning:  " + PROVISIONING.toAbsolutePath().normalize())
        .contains("host 127.0.0.1, port 43797, protocol http, database learnstream, user default, no password");
    assertThat(PROVISIONING.toAbsolutePath().normalize()).isAbsolute();
  }

  @Test
  void explainsEveryEnvironmentVariableTheDatasourceFileReads() throws IOException {
    String yaml = Files.readString(PROVISIONING.resolve(GrafanaHints.DATASOURCES));
    List<String> lines = GrafanaHints.lines(PROVISIONING, EMBEDDED);

    assertThat(GrafanaHints.variables(yaml)).isNotEmpty().allSatisfy(
        variable -> assertThat(lines).anyMatch(line -> line.strip().startsWith("export " + variable + "=")));
    assertThat(lines).contains("    export LEARNSTREAM_CLICKHOUSE_HOST=127.0.0.1",
        "    export LEARNSTREAM_GRAFANA_CLICKHOUSE_USER=default",
        "    export LEARNSTREAM_GRAFANA_CLICKHOUSE_PASSWORD=''");
  }

  @Test
  void takesVariablesFromTheSettingsNotFromTheCommentsThatExplainThem() {
    String yaml = "# Grafana replaces ${VAR} with the variable; dashboards use ${datasource}\n"
        + "      host: ${LEARNSTREAM_CLICKHOUSE_HOST}   # the server, e.g. ${EXAMPLE}\n";

    assertThat(GrafanaHints.variables(yaml)).containsExactly("LEARNSTREAM_CLICKHOUSE_HOST");
  }

  @Test
  void saysWhichFixedSettingsOfTheFileToChangeForThisServer() {
    List<String> lines = GrafanaHints.lines(PROVISIONING,
        ClickHouseEndpoint.withoutPassword("http://127.0.0.1:43797", "demo_db"));

    assertThat(lines).anyMatch(l -> l.contains("sets port 8123: change it to 43797"))
        .anyMatch(l -> l.contains("defaultDatabase learnstream") && l.contains("set both to demo_db"));
  }

  @Test
  void needsNoPortChangeWhenTheServerUsesTheFilesPort() {
    assertThat(
        GrafanaHints.lines(PROVISIONING, ClickHouseEndpoint.withoutPassword("http://db.internal:8123", "learnstream")))
        .noneMatch(l -> l.contains("change it to")).noneMatch(l -> l.contains("set both to"));
  }

  @Test
  void neverPrintsAPassword() {
    ClickHouseEndpoint withSecret = new ClickHouseEndpoint("http://127.0.0.1:8123", "grafana", "s3cret-value",
        "learnstream");

    assertThat(GrafanaHints.lines(PROVISIONING, withSecret)).noneMatch(l -> l.contains("s3cret-value"))
        .anyMatch(l -> l.contains("LEARNSTREAM_GRAFANA_CLICKHOUSE_PASSWORD=<the password of grafana>"));
  }

  @Test
  void saysWhereItLookedWhenRunOutsideTheCheckout(@TempDir Path elsewhere) {
    assertThat(GrafanaHints.lines(elsewhere, EMBEDDED)).singleElement().asString()
        .contains("no provisioning files at " + elsewhere.toAbsolutePath().normalize()).contains("checkout");
  }

  @Test
  void theVariablesGrafanasProvisioningReadsDoNotStopLearnstreamWhenExportedInTheSameShell() throws IOException {
    String yaml = Files.readString(PROVISIONING.resolve(GrafanaHints.DATASOURCES));
    Map<String, String> environment = new HashMap<>();
    GrafanaHints.variables(yaml).forEach(name -> environment.put(name, "x"));

    assertThat(environment).isNotEmpty();
    assertThatCode(() -> LearnstreamConfig.load(null, environment)).doesNotThrowAnyException();
  }
}
