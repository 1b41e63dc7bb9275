package org.learnstream.jobs.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;

/**
 * A part of the product and the options classes that configure it. An options class holds {@code public static
 * final} {@link ConfigOption}s, each followed by the {@link OptionCheck} of its range where it has one, and the
 * {@link EnvironmentVariable}s (secrets) that the component reads besides its settings.
 */
public record SettingsComponent(String name, List<Class<?>> holders) {

  public List<ConfigOption<?>> options() {
    return fieldsOf(ConfigOption.class).stream().<ConfigOption<?>>map(o -> o).toList();
  }

  public List<OptionCheck<?>> checks() {
    return fieldsOf(OptionCheck.class).stream().<OptionCheck<?>>map(c -> c).toList();
  }

  public List<EnvironmentVariable> variables() {
    return fieldsOf(EnvironmentVariable.class);
  }

  /**
   * The value type of each option by key, as a user writes it ({@code integer}, {@code duration}, ...); taken
   * from the field's declared type, since Flink keeps an option's class to itself.
   */
  public Map<String, String> types() {
    Map<String, String> types = new HashMap<>();
    for (Class<?> holder : holders) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())
            && field.getGenericType() instanceof ParameterizedType option) {
          types.put(((ConfigOption<?>) value(field)).key(), typeName(option.getActualTypeArguments()[0]));
        }
      }
    }
    return types;
  }

  private static String typeName(Type type) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      return "list of " + typeName(list.getActualTypeArguments()[0]);
    }
    if (type == Integer.class || type == Long.class) {
      return "integer";
    }
    if (type == Double.class || type == Float.class) {
      return "number";
    }
    if (type == Boolean.class) {
      return "true or false";
    }
    if (type == Duration.class) {
      return "duration, e.g. 500 ms, 10 s, 15 min";
    }
    if (type == String.class) {
      return "text";
    }
    return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
  }

  private static Object value(Field field) {
    try {
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> List<T> fieldsOf(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Class<?> holder : holders) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && type.isAssignableFrom(field.getType())) {
          found.add(type.cast(value(field)));
        }
      }
    }
    return found;
  }
}
