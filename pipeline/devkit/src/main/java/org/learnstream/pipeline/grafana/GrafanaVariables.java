package org.learnstream.pipeline.grafana;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gives every template variable of a dashboard a value the way a viewer opening it would: in declaration order,
 * each query variable runs with the values chosen before it. Multi-value variables with "All" take every value
 * when {@code preferAll} is set (exercising {@code $__conditionalAll}), otherwise their first value.
 */
public final class GrafanaVariables {

  private GrafanaVariables() {
  }

  /**
   * @param runQuery runs an expanded ClickHouse variable query and returns the first column of each row
   * @param fixed    values to use instead of resolving the named variables (e.g. a chosen tenant)
   */
  public static Map<String, VariableValue> resolve(GrafanaDashboard dashboard, Instant from, Instant to,
      long intervalSeconds, Function<String, List<String>> runQuery,
      Map<String, VariableValue> fixed, boolean preferAll) {
    Map<String, VariableValue> values = new LinkedHashMap<>();
    for (GrafanaDashboard.Variable variable : dashboard.variables()) {
      if (fixed.containsKey(variable.name())) {
        values.put(variable.name(), fixed.get(variable.name()));
        continue;
      }
      List<String> options = switch (variable.type()) {
        case "query" -> {
          if (!GrafanaDashboard.CLICKHOUSE_TYPE.equals(variable.datasourceType())) {
            throw new IllegalArgumentException("Variable $" + variable.name() + " of " + dashboard.uid()
                + " queries datasource type " + variable.datasourceType()
                + "; only ClickHouse query variables can be resolved");
          }
          yield runQuery.apply(new GrafanaMacros(from, to, intervalSeconds, values).expand(variable.query()));
        }
        case "custom" -> Arrays.stream(variable.query().split(","))
            .map(option -> option.contains(" : ") ? option.substring(option.indexOf(" : ") + 3) : option)
            .map(String::strip).filter(s -> !s.isEmpty()).toList();
        default -> List.of(variable.query());
      };
      if (options.isEmpty()) {
        throw new IllegalStateException("Variable $" + variable.name() + " of dashboard " + dashboard.uid()
            + " has no values (its query returned no rows): " + variable.query());
      }
      boolean all = variable.multi() && variable.includeAll() && preferAll;
      values.put(variable.name(), all ? VariableValue.all(options) : VariableValue.of(options.get(0)));
    }
    return values;
  }
}
