package org.learnstream.pipeline.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One dashboard JSON file as Grafana provisions it, read for what tests and benchmarks need: its panels (rows
 * flattened), the SQL of each target, and its template variables.
 */
public record GrafanaDashboard(Path file, JsonNode json) {

  public static final String CLICKHOUSE_TYPE = "grafana-clickhouse-datasource";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DATA_LINK_FIELD = Pattern.compile("__data\\.fields\\[?\"?([A-Za-z0-9_ ]+?)\"?]?[}.]");

  /** A panel target: where it lives, its datasource type, its raw query, and the columns the panel reads. */
  public record PanelQuery(String dashboardUid, int panelId, String panelTitle, String panelType, String refId,
      String datasourceType, String query, Set<String> expectedColumns) {

    public String label() {
      return dashboardUid + " #" + panelId + " '" + panelTitle + "' " + refId;
    }
  }

  /** A template variable: name, type (query, custom, constant, datasource, textbox...), query text and options. */
  public record Variable(String name, String type, String datasourceType, String query, boolean multi,
      boolean includeAll) {
  }

  public static GrafanaDashboard read(Path file) {
    try {
      return new GrafanaDashboard(file, JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse dashboard " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every {@code *.json} directly in {@code directory}, sorted by file name. */
  public static List<GrafanaDashboard> readAll(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
          .map(GrafanaDashboard::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list dashboards in " + directory + ": " + e.getMessage(), e);
    }
  }

  public String uid() {
    return json.path("uid").asText();
  }

  public String title() {
    return json.path("title").asText();
  }

  /** All panels, including those nested in collapsed rows. */
  public List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      panels.add(panel);
      for (JsonNode nested : panel.path("panels")) {
        panels.add(nested);
      }
    }
    return panels;
  }

  public List<Variable> variables() {
    List<Variable> variables = new ArrayList<>();
    for (JsonNode v : json.path("templating").path("list")) {
      JsonNode query = v.path("query");
      String text = query.isObject() ? query.path("query").asText(query.path("rawSql").asText()) : query.asText();
      variables.add(new Variable(v.path("name").asText(), v.path("type").asText(),
          datasourceType(v.path("datasource"), null), text, v.path("multi").asBoolean(),
          v.path("includeAll").asBoolean()));
    }
    return variables;
  }

  public List<PanelQuery> panelQueries() {
    List<PanelQuery> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      String panelType = datasourceType(panel.path("datasource"), null);
      for (JsonNode target : panel.path("targets")) {
        String type = datasourceType(target.path("datasource"), panelType);
        String query = target.has("rawSql") ? target.path("rawSql").asText() : target.path("expr").asText();
        queries.add(new PanelQuery(uid(), panel.path("id").asInt(), panel.path("title").asText(),
            panel.path("type").asText(), target.path("refId").asText(), type, query, expectedColumns(panel)));
      }
    }
    return queries;
  }

  /**
   * Columns a panel reads by name: {@code time} for time series, fields named in overrides, transformations,
   * bar chart x fields and data links.
   */
  static Set<String> expectedColumns(JsonNode panel) {
    Set<String> columns = new LinkedHashSet<>();
    if (panel.path("type").asText().equals("timeseries")) {
      columns.add("time");
    }
    for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
      if (override.path("matcher").path("id").asText().equals("byName")) {
        columns.add(override.path("matcher").path("options").asText());
      }
    }
    for (JsonNode transformation : panel.path("transformations")) {
      JsonNode options = transformation.path("options");
      switch (transformation.path("id").asText()) {
        case "groupingToMatrix" -> {
          columns.add(options.path("columnField").asText());
          columns.add(options.path("rowField").asText());
          columns.add(options.path("valueField").asText());
        }
        case "sortBy" -> options.path("sort").forEach(s -> columns.add(s.path("field").asText()));
        case "organize" -> options.path("indexByName").fieldNames().forEachRemaining(columns::add);
        default -> {
        }
      }
    }
    if (panel.path("options").hasNonNull("xField")) {
      columns.add(panel.path("options").path("xField").asText());
    }
    Matcher links = DATA_LINK_FIELD.matcher(panel.path("fieldConfig").toString());
    while (links.find()) {
      columns.add(links.group(1));
    }
    return columns;
  }

  private static String datasourceType(JsonNode datasource, String fallback) {
    if (datasource.isObject() && datasource.hasNonNull("type")) {
      return datasource.path("type").asText();
    }
    return fallback;
  }
}
