package org.learnstream.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
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

import static org.assertj.core.api.Assertions.assertThat;

class DashboardLintTest {

    static final Path DASHBOARDS = Path.of("grafana");
    static final Path DATASOURCES = Path.of("provisioning", "datasources", "learnstream.yaml");
    static final Path PROVIDERS = Path.of("provisioning", "dashboards", "learnstream.yaml");
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");
    private static final Pattern UNSUPPORTED_ON_18_16 = Pattern.compile(
            "(?i)toStartOfInterval|\\$__timeInterval|\\$__timeFilter_ms|\\$__fromTime_ms|\\$__toTime_ms|DateTime64|"
                    + "JSONExtract|\\bOVER\\s*\\(|\\bWITH\\s+\\w+\\s+AS\\s*\\(|\\bneighbor\\s*\\(|\\bMap\\(");

    static List<GrafanaDashboard> dashboards() {
        return GrafanaDashboard.readAll(DASHBOARDS);
    }

    @Test
    void everyDashboardParsesAndTheSixAreThere() {
        assertThat(dashboards()).extracting(GrafanaDashboard::uid).containsExactlyInAnyOrder(
                "ls-school-overview", "ls-class-skill-heatmap", "ls-learner-drilldown", "ls-skill-insight",
                "ls-alerts", "ls-pipeline-health");
    }

    @Test
    void dashboardUidsAreUniqueAndIdsAreNull() {
        List<GrafanaDashboard> dashboards = dashboards();
        assertThat(dashboards).extracting(GrafanaDashboard::uid).doesNotHaveDuplicates().allMatch(uid -> !uid.isBlank());
        for (GrafanaDashboard dashboard : dashboards) {
            assertThat(dashboard.json().has("id")).as("%s declares id", dashboard.file()).isTrue();
            assertThat(dashboard.json().get("id").isNull()).as("%s id must be null so Grafana assigns it", dashboard.file()).isTrue();
        }
    }

    @Test
    void panelIdsAreUniqueWithinEachDashboard() {
        for (GrafanaDashboard dashboard : dashboards()) {
            List<Integer> ids = dashboard.panels().stream().map(p -> p.path("id").asInt(-1)).toList();
            assertThat(ids).as("panel ids of %s", dashboard.uid()).doesNotHaveDuplicates().doesNotContain(-1);
        }
    }

    @Test
    void panelsDoNotOverlapAndFitTheGrid() {
        for (GrafanaDashboard dashboard : dashboards()) {
            List<JsonNode> panels = dashboard.panels();
            for (JsonNode panel : panels) {
                JsonNode pos = panel.path("gridPos");
                assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as("right edge of %s in %s", title(panel), dashboard.uid())
                        .isLessThanOrEqualTo(24);
                assertThat(pos.path("w").asInt() * pos.path("h").asInt()).as("size of %s", title(panel)).isPositive();
            }
            for (int i = 0; i < panels.size(); i++) {
                for (int j = i + 1; j < panels.size(); j++) {
                    assertThat(overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos")))
                            .as("%s: '%s' overlaps '%s'", dashboard.uid(), title(panels.get(i)), title(panels.get(j))).isFalse();
                }
            }
        }
    }

    @Test
    void everyDatasourceReferenceIsAVariableOrAProvisionedUid() throws IOException {
        Set<String> provisioned = provisionedUids();
        assertThat(provisioned).contains("learnstream-clickhouse", "learnstream-prometheus");
        for (GrafanaDashboard dashboard : dashboards()) {
            Set<String> datasourceVariables = dashboard.variables().stream().filter(v -> v.type().equals("datasource"))
                    .map(GrafanaDashboard.Variable::name).collect(Collectors.toSet());
            List<JsonNode> references = new ArrayList<>();
            collectDatasources(dashboard.json(), references);
            assertThat(references).as("datasource references in %s", dashboard.uid()).isNotEmpty();
            for (JsonNode reference : references) {
                String uid = reference.isTextual() ? reference.asText() : reference.path("uid").asText();
                Matcher variable = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)").matcher(uid);
                boolean ok = variable.matches()
                        ? datasourceVariables.contains(variable.group(1) != null ? variable.group(1) : variable.group(2))
                        : provisioned.contains(uid) || (uid.equals("-- Grafana --") && reference.path("type").asText().equals("grafana"));
                assertThat(ok).as("%s: datasource %s must be ${datasource}-style or a provisioned uid %s", dashboard.uid(),
                        reference, provisioned).isTrue();
            }
        }
    }

    @Test
    void everyVariableUsedInAQueryOrTitleIsDefined() {
        for (GrafanaDashboard dashboard : dashboards()) {
            Set<String> defined = dashboard.variables().stream().map(GrafanaDashboard.Variable::name).collect(Collectors.toSet());
            for (String text : queriesAndTitles(dashboard)) {
                assertThat(usedVariables(text)).as("%s uses undefined variables in: %s", dashboard.uid(), text).isSubsetOf(defined);
            }
        }
    }

    @Test
    void variableQueriesOnlyUseVariablesDeclaredBeforeThem() {
        for (GrafanaDashboard dashboard : dashboards()) {
            Set<String> earlier = new HashSet<>();
            for (GrafanaDashboard.Variable variable : dashboard.variables()) {
                assertThat(usedVariables(variable.query())).as("%s: $%s refers to a later variable", dashboard.uid(), variable.name())
                        .isSubsetOf(earlier);
                earlier.add(variable.name());
            }
        }
    }

    @Test
    void multiValueVariablesAreAlwaysQuotedAsAList() {
        Pattern rawUse = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
        for (GrafanaDashboard dashboard : dashboards()) {
            Set<String> multi = dashboard.variables().stream().filter(GrafanaDashboard.Variable::multi)
                    .map(GrafanaDashboard.Variable::name).collect(Collectors.toSet());
            for (String sql : sqlTexts(dashboard)) {
                String withoutConditionalTargets = sql.replaceAll(",\\s*\\$\\w+\\)", ")");
                Matcher m = rawUse.matcher(withoutConditionalTargets);
                while (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2);
                    assertThat(multi).as("%s: multi-value $%s must be written ${%s:singlequote} inside IN (...): %s",
                            dashboard.uid(), name, name, sql).doesNotContain(name);
                }
            }
        }
    }

    @Test
    void panelSqlAvoidsWhatClickHouse1816Lacks() {
        for (GrafanaDashboard dashboard : dashboards()) {
            for (String sql : sqlTexts(dashboard)) {
                assertThat(UNSUPPORTED_ON_18_16.matcher(sql).find())
                        .as("%s uses a function, macro or syntax ClickHouse 18.16 does not have: %s", dashboard.uid(), sql).isFalse();
            }
        }
    }

    @Test
    void provisioningLoadsTheDashboardsFromFilesWithoutClicks() throws IOException {
        String providers = Files.readString(PROVIDERS);
        assertThat(providers).contains("apiVersion: 1", "type: file", "path:");
        String datasources = Files.readString(DATASOURCES);
        assertThat(datasources).contains("type: grafana-clickhouse-datasource", "type: prometheus");
        assertThat(datasources).as("secrets come from the environment").doesNotContainPattern("password:\\s*[^$\\s]");
    }

    static Set<String> usedVariables(String text) {
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

    private static List<String> queriesAndTitles(GrafanaDashboard dashboard) {
        List<String> texts = new ArrayList<>(sqlTexts(dashboard));
        dashboard.panelQueries().stream().filter(q -> !q.datasourceType().equals(GrafanaDashboard.CLICKHOUSE_TYPE))
                .forEach(q -> texts.add(q.query()));
        dashboard.panels().forEach(p -> texts.add(p.path("title").asText()));
        texts.add(dashboard.title());
        return texts;
    }

    private static List<String> sqlTexts(GrafanaDashboard dashboard) {
        List<String> texts = new ArrayList<>();
        dashboard.panelQueries().stream().filter(q -> GrafanaDashboard.CLICKHOUSE_TYPE.equals(q.datasourceType()))
                .forEach(q -> texts.add(q.query()));
        dashboard.variables().stream().filter(v -> v.type().equals("query")).forEach(v -> texts.add(v.query()));
        return texts;
    }

    private static void collectDatasources(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
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

    static Set<String> provisionedUids() throws IOException {
        Set<String> uids = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)\\s*$").matcher(Files.readString(DATASOURCES));
        while (m.find()) {
            uids.add(m.group(1));
        }
        return uids;
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
