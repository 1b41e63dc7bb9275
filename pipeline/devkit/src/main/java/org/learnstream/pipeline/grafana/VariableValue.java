package org.learnstream.pipeline.grafana;

import java.util.List;

/**
 * The current value of a dashboard variable: the selected values, and whether the selection is "All"
 * (which turns {@code $__conditionalAll(...)} into {@code 1=1}).
 */
public record VariableValue(List<String> values, boolean all) {

  public VariableValue {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("A variable value needs at least one selected value");
    }
  }

  public static VariableValue of(String value) {
    return new VariableValue(List.of(value), false);
  }

  public static VariableValue all(List<String> every) {
    return new VariableValue(every, true);
  }
}
