package org.learnstream.jobs.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * A part of the product and the options classes that configure it. An options class holds {@code public static
 * final} {@link ConfigOption}s, each followed by the {@link OptionCheck} of its range where it has one.
 */
public record SettingsComponent(String name, List<Class<?>> holders) {

  public List<ConfigOption<?>> options() {
    return fieldsOf(ConfigOption.class).stream().<ConfigOption<?>>map(o -> o).toList();
  }

  public List<OptionCheck<?>> checks() {
    return fieldsOf(OptionCheck.class).stream().<OptionCheck<?>>map(c -> c).toList();
  }

  private <T> List<T> fieldsOf(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Class<?> holder : holders) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && type.isAssignableFrom(field.getType())) {
          try {
            found.add(type.cast(field.get(null)));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return found;
  }
}
