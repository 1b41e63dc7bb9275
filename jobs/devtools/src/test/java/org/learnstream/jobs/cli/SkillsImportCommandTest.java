package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.testing.ClickHouseExtension;

/** {@code learnstream skills import} loads a CASE framework from a file or a URL into a real ClickHouse server. */
class SkillsImportCommandTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String FRAMEWORK = "20c5134f-423d-4097-a971-3dd5152bf507";

  @TempDir
  Path dir;

  @Test
  void aFrameworkFileIsLoadedAsANewVersionWithItsSkillsAndAncestors() throws IOException {
    long versionsBefore = versions();

    CliResult result = run("skills", "import", fixtureFile().toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("framework " + FRAMEWORK + " (What Standards Could Be) version "
        + (versionsBefore + 1) + ": 16 skills, 38 skill-ancestor pairs");
    assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM "
        + CLICKHOUSE.table("framework_skills") + " WHERE code = 'CCSS.Math.Content.6.RP.A.3a'"
        + " AND version = " + (versionsBefore + 1))).isEqualTo(1);
  }

  @Test
  void aFrameworkIsDownloadedFromAUrl() throws IOException {
    byte[] json = Files.readAllBytes(fixtureFile());
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ims/case/v1p0/CFPackages/" + FRAMEWORK, exchange -> {
      exchange.sendResponseHeaders(200, json.length);
      exchange.getResponseBody().write(json);
      exchange.close();
    });
    server.start();
    try {
      long versionsBefore = versions();
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ims/case/v1p0/CFPackages/" + FRAMEWORK;

      CliResult result = run("skills", "import", url);

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(versions()).isEqualTo(versionsBefore + 1);
      assertThat(ClickHouseQueries.text(CLICKHOUSE.client(), "SELECT source FROM "
          + CLICKHOUSE.table("framework_imports") + " ORDER BY version DESC LIMIT 1 FORMAT TabSeparated").strip())
          .isEqualTo(url);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aMalformedFileIsABadUsageNamingThePlaceAndLoadsNothing() throws IOException {
    String broken = Files.readString(fixtureFile()).replaceFirst("\"fullStatement\"", "\"statement\"");
    Path file = Files.writeString(dir.resolve("broken.json"), broken);
    long skillsBefore = ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("framework_skills"));
    long versionsBefore = versions();

    CliResult result = run("skills", "import", file.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip()).isEqualTo("learnstream skills import: CASE framework " + file
        + ": /CFItems/0/fullStatement: missing; it is required");
    assertThat(ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("framework_skills")))
        .isEqualTo(skillsBefore);
    assertThat(versions()).isEqualTo(versionsBefore);
  }

  private long versions() {
    return ClickHouseQueries.count(CLICKHOUSE.client(), CLICKHOUSE.table("framework_imports"));
  }

  private Path fixtureFile() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/case/ccss-ratios-opensalt.json")) {
      return Files.write(dir.resolve("ccss-ratios.json"), in.readAllBytes());
    }
  }

  private static CliResult run(String... args) {
    return CliResult.run(Map.of(
        "LEARNSTREAM_CLICKHOUSE_URL", CLICKHOUSE.endpoint().url(),
        "LEARNSTREAM_CLICKHOUSE_USER", CLICKHOUSE.endpoint().user(),
        "LEARNSTREAM_CLICKHOUSE_DATABASE", CLICKHOUSE.database()), args);
  }
}
