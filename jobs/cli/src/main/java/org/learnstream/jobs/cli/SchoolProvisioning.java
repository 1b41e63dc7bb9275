package org.learnstream.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;

/**
 * Grafana provisioning of one school in its own organisation: the datasource bound to the school's user, a dashboards
 * provider, and a copy of the dashboards whose {@code database} constant names the school's database (the shared one
 * is refused to the school's user).
 */
final class SchoolProvisioning {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SchoolProvisioning() {
  }

  /** Writes the files under {@code dir} (Grafana's provisioning directory) and returns them. */
  static List<Path> write(Path dir, String tenant, String displayName, int orgId, String clickHouseUrl,
      Path dashboards) {
    String name = "learnstream-" + tenant;
    Path datasource = dir.resolve("datasources").resolve(name + ".yaml");
    Path provider = dir.resolve("dashboards").resolve(name + ".yaml");
    Path copies = dir.resolve("dashboards").resolve(name).toAbsolutePath();
    try {
      Files.createDirectories(datasource.getParent());
      Files.createDirectories(copies);
      Files.writeString(datasource, GrafanaDatasource.forSchool(tenant, displayName, clickHouseUrl)
          .replace("    uid: learnstream-clickhouse\n", "    uid: learnstream-clickhouse\n    orgId: " + orgId + "\n"));
      Files.writeString(provider, """
          apiVersion: 1
          providers:
            - name: %s
              orgId: %d
              folder: Learnstream
              type: file
              disableDeletion: true
              allowUiUpdates: false
              options:
                path: %s
          """.formatted(name, orgId, copies));
      try (Stream<Path> files = Files.list(dashboards)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          Files.writeString(copies.resolve(file.getFileName()), withDatabase(Files.readString(file), tenant));
        }
      }
      return List.of(datasource, provider, copies);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Grafana provisioning of " + tenant + " in " + dir + ": "
          + e.getMessage(), e);
    }
  }

  private static String withDatabase(String dashboardJson, String tenant) throws IOException {
    JsonNode dashboard = JSON.readTree(dashboardJson);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("name").asText().equals("database") && variable.path("type").asText().equals("constant")) {
        ((ObjectNode) variable).put("query", SchoolDatabase.databaseOf(tenant));
      }
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard);
  }
}
