package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code learnstream tenants} on a real ClickHouse server whose users.d directory the verb writes. */
class TenantsCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  @Test
  void anAddedSchoolLogsInWithThePasswordShownOnceAndReadsOnlyItsRowsUntilItIsRemoved() throws Exception {
    LocalClickHouse server = CLICKHOUSE.localServer().orElse(null);
    assumeTrue(server != null, "the verb writes the users.d directory of the private server");
    Path usersDir = server.baseDir().resolve("users.d");
    insertStatement("s-north", "school-north");
    insertStatement("s-south", "school-south");

    CliResult added = run("tenants", "--users-dir", usersDir.toString(), "add", "--id", "school-north", "--name",
        "North \"Hill\" School");

    assertThat(added.code()).as(added.err()).isZero();
    String password = after("password: (\\S+)", added.out());
    try (Client school = ClickHouseClients.create(new ClickHouseEndpoint(server.httpUrl(), "tenant_school_north",
        password, "tenant_school_north"))) {
      ClickHouseExtension.awaitLogIn(school);
      assertThat(ClickHouseQueries.text(school, "SELECT statement_id FROM tenant_school_north.learning_events"
          + " FORMAT TabSeparated")).isEqualTo("s-north\n");
      assertThatThrownBy(() -> ClickHouseQueries.text(school, "SELECT count() FROM " + CLICKHOUSE.table(
          "learning_events"))).hasMessageContaining("Access denied");
    }
    assertThat(run("tenants", "list").out()).contains("id=school-north name=North \"Hill\" School");

    CliResult removed = run("tenants", "--users-dir", usersDir.toString(), "remove", "--id", "school-north");

    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(usersDir.resolve("tenant_school_north.xml")).doesNotExist();
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(),
        "SELECT count() FROM system.databases WHERE name = 'tenant_school_north'")).isZero();
    assertThat(run("tenants", "list").out()).doesNotContain("school-north");
    assertThat(run("tenants", "remove", "--id", "school-north").code()).isEqualTo(2);
    assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT who, tenant, action, target FROM "
        + CLICKHOUSE.table("audit_log") + " WHERE tenant = 'school-north' ORDER BY at_ms FORMAT TabSeparated"))
        .isEqualTo(String.join("\n", System.getProperty("user.name") + "\tschool-north\ttenants add\tschool-north",
            System.getProperty("user.name") + "\tschool-north\ttenants remove\tschool-north", ""));
  }

  @Test
  void theDatasourcePrintedForASchoolIsYamlBoundToThatSchoolsUserAndDatabase() {
    CliResult added = run("tenants", "add", "--id", "school-east", "--name", "East: \"the new one\"");

    assertThat(added.code()).as(added.err()).isZero();
    String yaml = added.out().substring(added.out().indexOf("apiVersion: 1"), added.out().indexOf("(password from"));
    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> datasources = (List<Map<String, Object>>) root.get("datasources");
    assertThat(datasources).hasSize(1);
    assertThat(datasources.get(0)).containsEntry("name", "Learnstream ClickHouse (East: \"the new one\")");
    assertThat(datasources.get(0).get("jsonData")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("username", "tenant_school_east").containsEntry("defaultDatabase", "tenant_school_east");
    assertThat(added.out()).contains("<allow_databases><database>tenant_school_east</database></allow_databases>")
        .contains("secretSha256: ");
  }

  /** The walk-through of the dashboards README: two schools, each in its own Grafana organisation. */
  @Test
  void twoSchoolsGetProvisioningFilesWithOneDatasourceEachBoundToTheirOwnUser(@TempDir Path grafana) throws Exception {
    Path dashboards = Path.of("../../dashboards/grafana").toAbsolutePath().normalize();
    for (String[] school : List.of(new String[] {"school-west", "2"}, new String[] {"school-south", "3"})) {
      CliResult added = run("tenants", "add", "--id", school[0], "--name", school[0], "--grafana-dir",
          grafana.toString(), "--grafana-org", school[1], "--dashboards", dashboards.toString());
      assertThat(added.code()).as(added.err()).isZero();
    }
    ObjectMapper json = new ObjectMapper();
    for (String[] school : List.of(new String[] {"school-west", "2"}, new String[] {"school-south", "3"})) {
      String user = "tenant_" + school[0].replace('-', '_');
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions()))
          .load(Files.readString(grafana.resolve("datasources/learnstream-" + school[0] + ".yaml")));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> datasources = (List<Map<String, Object>>) root.get("datasources");
      assertThat(datasources).hasSize(1);
      assertThat(datasources.get(0)).containsEntry("orgId", Integer.parseInt(school[1]));
      assertThat(datasources.get(0).get("jsonData")).asInstanceOf(InstanceOfAssertFactories.MAP)
          .containsEntry("username", user).containsEntry("defaultDatabase", user);
      Map<String, Object> provider = new Yaml(new SafeConstructor(new LoaderOptions()))
          .load(Files.readString(grafana.resolve("dashboards/learnstream-" + school[0] + ".yaml")));
      assertThat(provider.toString()).contains("orgId=" + school[1]);
      Path copy = grafana.resolve("dashboards/learnstream-" + school[0] + "/school-overview.json");
      assertThat(json.readTree(copy.toFile()).path("templating").path("list").findValuesAsText("query"))
          .contains(user).doesNotContain("learnstream");
    }
  }

  @Test
  void aTenantIdThatCouldNotNameADatabaseIsRefusedWithTheRule() {
    CliResult refused = run("tenants", "add", "--id", "School_North", "--name", "North");

    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("tenant id: must be 1 to 48 lower-case letters, digits");
  }

  @Test
  void aDistrictUserReadsEachOfItsSchoolsDatabasesButNothingOfTheSharedOne() throws Exception {
    LocalClickHouse server = CLICKHOUSE.localServer().orElse(null);
    assumeTrue(server != null, "the verb writes the users.d directory of the private server");
    Path usersDir = server.baseDir().resolve("users.d");
    insertStatement("s-dale", "school-dale");
    insertStatement("s-hill", "school-hill");
    insertStatement("s-other", "school-other");
    assertThat(run("tenants", "add", "--id", "school-dale", "--name", "Dale").code()).isZero();
    assertThat(run("tenants", "add", "--id", "school-hill", "--name", "Hill").code()).isZero();
    assertThat(run("tenants", "district", "add", "--id", "west", "--school", "school-nowhere").code()).isEqualTo(2);

    CliResult added = run("tenants", "--users-dir", usersDir.toString(), "district", "add", "--id", "west",
        "--school", "school-dale", "--school", "school-hill");

    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out()).contains("username: district_west").contains("defaultDatabase: tenant_school_dale");
    String password = after("password: (\\S+)", added.out());
    try (Client district = ClickHouseClients.create(new ClickHouseEndpoint(server.httpUrl(), "district_west",
        password, "tenant_school_dale"))) {
      ClickHouseExtension.awaitLogIn(district);
      assertThat(ClickHouseQueries.text(district, "SELECT statement_id FROM tenant_school_dale.learning_events"
          + " FORMAT TabSeparated")).isEqualTo("s-dale\n");
      assertThat(ClickHouseQueries.text(district, "SELECT statement_id FROM tenant_school_hill.learning_events"
          + " FORMAT TabSeparated")).isEqualTo("s-hill\n");
      assertThatThrownBy(() -> ClickHouseQueries.text(district, "SELECT count() FROM " + CLICKHOUSE.table(
          "learning_events"))).hasMessageContaining("Access denied");
      assertThatThrownBy(() -> ClickHouseQueries.text(district, "SELECT count() FROM " + CLICKHOUSE.table(
          "learner_directory"))).hasMessageContaining("Access denied");
    }
    assertThat(run("tenants", "--users-dir", usersDir.toString(), "district", "remove", "--id", "west").code())
        .isZero();
    assertThat(usersDir.resolve("district_west.xml")).doesNotExist();
  }

  @Test
  void theAdminCredentialIsShownOnceWithTheSettingThatHoldsOnlyItsSha256() {
    CliResult made = run("tenants", "admin-credential", "--user", "district-admin");

    assertThat(made.code()).as(made.err()).isZero();
    String secret = after("Basic district-admin:(\\S+)", made.out());
    assertThat(after("secret-sha256: (\\S+)", made.out())).isEqualTo(SchoolUser.sha256Hex(secret));
    assertThat(made.out()).contains("    user: district-admin")
        .contains("LEARNSTREAM_INGEST_ADMIN_SECRET_SHA256=" + SchoolUser.sha256Hex(secret));
    assertThat(run("tenants", "admin-credential").out()).doesNotContain(secret);
  }

  private static String after(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in:\n%s", regex, text).isTrue();
    return m.group(1);
  }

  private static void insertStatement(String id, String tenant) {
    ClickHouseQueries.execute(CLICKHOUSE.client(), "INSERT INTO " + CLICKHOUSE.table("learning_events")
        + " (statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, timestamp_ms,"
        + " stored, stored_ms) VALUES ('" + id + "', '" + tenant + "', 'p-1', 'RESPONSE', 'v', 'o', 'Activity', [],"
        + " 1700000000, 1700000000000, 1700000000, 1700000000000)");
  }

  private static CliResult run(String... args) {
    return CliResult.run(Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", CLICKHOUSE.database()), args);
  }
}
