package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import picocli.CommandLine;

/** {@code serve} answers the subscriptions API and the admin routes, with the admin credential of its settings. */
class ServeRoutesTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();
  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String DEMO = basic("demo", "demo");

  @Test
  void serveAnswersTheDemoTenantsSubscriptionsAndTheAdminRoutesOnlyToTheAdministrator(@TempDir Path dir)
      throws Exception {
    String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + ".";
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--port", "0", "--no-pipeline", "--instance-id", prefix, "--config",
        settings(dir, prefix).toString());
    try (ServeCommand.Serving serving = serve.start(new PrintWriter(new StringWriter(), true))) {
      String base = "http://127.0.0.1:" + serving.server().port();

      HttpResponse<String> created = call("POST", base + "/subscriptions", DEMO, "{\"specialist\":\"sam@demo.example\","
          + "\"webhookUrl\":\"https://demo.example/hook\",\"secret\":\"s\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(call("GET", base + "/subscriptions", DEMO, null).body()).contains("sam@demo.example");

      String school = "{\"id\":\"school-r\",\"name\":\"R School\"}";
      assertThat(call("POST", base + "/admin/tenants", null, school).statusCode()).isEqualTo(401);
      assertThat(call("POST", base + "/admin/tenants", DEMO, school).statusCode()).isEqualTo(403);
      assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM system.databases"
          + " WHERE name = 'tenant_school_r'")).isZero();
      HttpResponse<String> added = call("POST", base + "/admin/tenants", basic("ops", "ops-secret"), school);
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
      assertThat(ClickHouseQueries.scalarLong(CLICKHOUSE.client(), "SELECT count() FROM system.databases"
          + " WHERE name = 'tenant_school_r'")).isEqualTo(1);
      assertThat(call("DELETE", base + "/admin/tenants/school-r", basic("ops", "ops-secret"), null).statusCode())
          .isEqualTo(204);
    }
  }

  private static Path settings(Path dir, String prefix) throws Exception {
    var clickHouse = CLICKHOUSE.endpoint();
    return Files.writeString(dir.resolve("serve.yaml"), String.join("\n",
        "kafka.bootstrap-servers: \"" + KAFKA.bootstrapServers() + "\"",
        "kafka.topic-prefix: \"" + prefix + "\"",
        "clickhouse.url: \"" + clickHouse.url() + "\"",
        "clickhouse.user: \"" + clickHouse.user() + "\"",
        "clickhouse.database: \"" + clickHouse.database() + "\"",
        "ingest.admin.user: ops",
        "ingest.admin.secret-sha256: " + SchoolUser.sha256Hex("ops-secret"),
        "runtime.data-dir: \"" + dir.resolve("data") + "\"",
        ""));
  }

  private static HttpResponse<String> call(String method, String url, String auth, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
