package org.learnstream.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.learnstream.pipeline.grafana.GrafanaDashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Rules every Learnstream dashboard keeps; each check returns the problems it finds, empty when all is well. */
final class DashboardLint {

  private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");
  private static final Pattern RAW_USE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
  private static final Pattern UNSUPPORTED_ON_18_16 = Pattern.compile(
      "(?i)toStartOfInterval|\\$__timeInterval|\\$__timeFilter_ms|\\$__fromTime_ms|\\$__toTime_ms|DateTime64|"
          + "JSONExtract|\\bOVER\\s*\\(|\\bWITH\\s+\\w+\\s+AS\\s*\\(|\\bneighbor\\s*\\(|\\bMap\\(");
  /** Accepted by 18.16 and current releases alike, but answered differently (see clickhouse/COMPATIBILITY.md). */
  private static final Pattern ANSWERED_DIFFERENTLY = Pattern
      .compile("(?i)(?<![\\w.])round\\s*\\(|\\b(ORDER|GROUP)\\s+BY\\s+\\d");

  private DashboardLint() {
  }

  static List<String> idsAndUids(List<GrafanaDashboard> dashboards) {
    List<String> problems = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    for (GrafanaDashboard d : dashboards) {
      if (d.uid().isBlank() || !uids.add(d.uid())) {
        problems.add(d.file() + ": uid '" + d.uid() + "' is blank or used by another dashboard");
      }
      if (!d.json().has("id") || !d.json().get("id").isNull()) {
        problems.add(d.uid() + ": id must be null so Grafana assigns its own");
      }
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : d.panels()) {
        if (!panel.path("id").canConvertToInt() || !ids.add(panel.path("id").asInt())) {
          problems.add(d.uid() + ": panel '" + title(panel) + "' has a missing or duplicate id " + panel.path("id"));
        }
      }
    }
    return problems;
  }

  static List<String> layout(GrafanaDashboard d) {
    List<String> problems = new ArrayList<>();
    List<JsonNode> panels = d.panels();
    for (JsonNode panel : panels) {
      JsonNode pos = panel.path("gridPos");
      if (pos.path("x").asInt() + pos.path("w").asInt() > 24 || pos.path("w").asInt() <= 0
          || pos.path("h").asInt() <= 0) {
        problems.add(d.uid() + ": panel '" + title(panel) + "' does not fit the 24-column grid: " + pos);
      }
    }
    for (int i = 0; i < panels.size(); i++) {
      for (int j = i + 1; j < panels.size(); j++) {
        if (overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos"))) {
          problems.add(d.uid() + ": panel '" + title(panels.get(i)) + "' overlaps '" + title(panels.get(j)) + "'");
        }
      }
    }
    return problems;
  }

  static List<String> datasources(GrafanaDashboard d, Set<String> provisionedUids) {
    List<String> problems = new ArrayList<>();
    Set<String> datasourceVariables = d.variables().stream().filter(v -> v.type().equals("datasource"))
        .map(GrafanaDashboard.Variable::name).collect(Collectors.toSet());
    List<JsonNode> references = new ArrayList<>();
    collectDatasources(d.json(), references);
    for (JsonNode reference : references) {
      String uid = reference.isTextual() ? reference.asText() : reference.path("uid").asText();
      Matcher variable = RAW_USE.matcher(uid);
      boolean ok = variable.matches()
          ? datasourceVariables.contains(variable.group(1) != null ? variable.group(1) : variable.group(2))
          : provisionedUids.contains(uid)
              || (uid.equals("-- Grafana --") && reference.path("type").asText().equals("grafana"));
      if (!ok) {
        problems.add(d.uid() + ": datasource " + reference + " is neither a datasource variable like ${datasource}"
            + " nor a provisioned uid " + provisionedUids);
      }
    }
    return problems;
  }

  static List<String> variables(GrafanaDashboard d) {
    List<String> problems = new ArrayList<>();
    Set<String> defined = d.variables().stream().map(GrafanaDashboard.Variable::name).collect(Collectors.toSet());
    for (String text : queriesAndTitles(d)) {
      for (String name : used(text)) {
        if (!defined.contains(name)) {
          problems.add(d.uid() + ": $" + name + " is not defined in templating.list, used in: " + text);
        }
      }
    }
    Set<String> earlier = new HashSet<>();
    for (GrafanaDashboard.Variable variable : d.variables()) {
      for (String name : used(variable.query())) {
        if (defined.contains(name) && !earlier.contains(name)) {
          problems.add(d.uid() + ": variable $" + variable.name() + " uses $" + name + ", which is declared after it");
        }
      }
      earlier.add(variable.name());
    }
    Set<String> multi = d.variables().stream().filter(GrafanaDashboard.Variable::multi)
        .map(GrafanaDashboard.Variable::name).collect(Collectors.toSet());
    for (String sql : sqlTexts(d)) {
      Matcher m = RAW_USE.matcher(sql.replaceAll(",\\s*\\$\\w+\\)", ")"));
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        if (multi.contains(name)) {
          problems.add(d.uid() + ": multi-value $" + name + " must be written ${" + name + ":singlequote} in: " + sql);
        }
      }
    }
    return problems;
  }

  static List<String> portableSql(GrafanaDashboard d) {
    return sqlTexts(d).stream().filter(sql -> UNSUPPORTED_ON_18_16.matcher(sql).find())
        .map(sql -> d.uid() + ": uses a function, macro or syntax ClickHouse 18.16 does not have: " + sql).toList();
  }

  static List<String> sameAnswerOnEveryRelease(GrafanaDashboard d) {
    return sqlTexts(d).stream().filter(DashboardLint::answeredDifferentlyByRelease)
        .map(sql -> d.uid() + ": uses round() or a positional ORDER BY / GROUP BY, which ClickHouse 18.16 and "
            + "current releases answer differently: " + sql)
        .toList();
  }

  /** Whether the SQL uses round() or a positional ORDER BY / GROUP BY. */
  static boolean answeredDifferentlyByRelease(String sql) {
    return ANSWERED_DIFFERENTLY.matcher(sql).find();
  }

  static Set<String> provisionedUids(Path datasourcesYaml) throws IOException {
    Set<String> uids = new HashSet<>();
    Matcher m = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)\\s*$").matcher(Files.readString(datasourcesYaml));
    while (m.find()) {
      uids.add(m.group(1));
    }
    return uids;
  }

  static Set<String> used(String text) {
    Set<String> used = new HashSet<>();
    Matcher m = VARIABLE_USE.matcher(text);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (!name.startsWith("__")) {
        used.add(name);
      }
    }
    return used;
  }

  private static List<String> queriesAndTitles(GrafanaDashboard d) {
    List<String> texts = new ArrayList<>(sqlTexts(d));
    d.panelQueries().stream().filter(q -> !GrafanaDashboard.CLICKHOUSE_TYPE.equals(q.datasourceType()))
        .forEach(q -> texts.add(q.query()));
    d.panels().forEach(p -> texts.add(p.path("title").asText()));
    texts.add(d.title());
    return texts;
  }

  private static List<String> sqlTexts(GrafanaDashboard d) {
    List<String> texts = new ArrayList<>();
    d.panelQueries().stream().filter(q -> GrafanaDashboard.CLICKHOUSE_TYPE.equals(q.datasourceType()))
        .forEach(q -> texts.add(q.query()));
    d.variables().stream().filter(v -> v.type().equals("query")).forEach(v -> texts.add(v.query()));
    return texts;
  }

  private static void collectDatasources(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("datasource")) {
          out.add(field.getValue());
        } else {
          collectDatasources(field.getValue(), out);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectDatasources(child, out));
    }
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }

  private static String title(JsonNode panel) {
    return panel.path("title").asText();
  }
}
