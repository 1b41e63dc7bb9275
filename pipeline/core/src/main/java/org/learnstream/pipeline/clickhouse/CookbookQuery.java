package org.learnstream.pipeline.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One query of the data teams' cookbook ({@code clickhouse/cookbook/*.sql}, listed in its {@code index.txt}).
 * Its header says what it answers and declares its parameters:
 * <pre>
 * -- title: Learners below a mastery threshold
 * -- answers: which learners of a class are below the threshold on which skills
 * -- param tenant String: the school (tenant id)
 * </pre>
 * In the SQL, {@code ${database}} is the database and {@code ${name}} a parameter, replaced by a typed literal
 * (String: quoted; Date: toDate('YYYY-MM-DD'); DateTime: toDateTime('YYYY-MM-DD hh:mm:ss', 'UTC'); numbers as given).
 */
public record CookbookQuery(String file, String title, String answers, List<Parameter> parameters, String sql) {

  static final String RESOURCE_DIR = "clickhouse/cookbook/";
  private static final Pattern PARAM = Pattern
      .compile("--\\s*param\\s+(\\w+)\\s+(String|Date|DateTime|Float64|UInt32)\\s*:\\s*(.*)");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  public record Parameter(String name, String type, String description) {
  }

  /** The cookbook shipped with this library, in index order. */
  public static List<CookbookQuery> bundled() {
    List<CookbookQuery> queries = new ArrayList<>();
    for (String line : resource(RESOURCE_DIR + "index.txt").split("\\R")) {
      String file = line.strip();
      if (!file.isEmpty() && !file.startsWith("#")) {
        queries.add(parse(file, resource(RESOURCE_DIR + file)));
      }
    }
    return queries;
  }

  public static CookbookQuery parse(String file, String text) {
    String title = null;
    String answers = null;
    List<Parameter> parameters = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("--")) {
        break;
      }
      Matcher param = PARAM.matcher(trimmed);
      if (param.matches()) {
        parameters.add(new Parameter(param.group(1), param.group(2), param.group(3).strip()));
      } else if (trimmed.startsWith("-- title:")) {
        title = trimmed.substring("-- title:".length()).strip();
      } else if (trimmed.startsWith("-- answers:")) {
        answers = trimmed.substring("-- answers:".length()).strip();
      }
    }
    if (title == null || answers == null) {
      throw new IllegalArgumentException(
          "Cookbook file " + file + " must start with '-- title: ...' and '-- answers: ...' lines");
    }
    return new CookbookQuery(file, title, answers, List.copyOf(parameters), text);
  }

  /** The runnable SQL for one database and a value for every declared parameter (as text). */
  public String sql(String database, Map<String, String> values) {
    SchemaMigrations.requireIdentifier(database);
    StringBuilder body = new StringBuilder();
    for (String line : sql.split("\\R")) {
      if (!line.strip().startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    Matcher m = PLACEHOLDER.matcher(body);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String literal = name.equals("database") ? database : literal(parameter(name), values.get(name));
      m.appendReplacement(out, Matcher.quoteReplacement(literal));
    }
    m.appendTail(out);
    return out.toString().strip().replaceAll(";\\s*$", "");
  }

  private Parameter parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("Cookbook query " + file + " uses ${" + name + "} but declares no '-- param "
            + name + " <Type>: ...' line"));
  }

  private String literal(Parameter parameter, String value) {
    if (value == null) {
      throw new IllegalArgumentException("Cookbook query " + file + " needs a value for parameter '"
          + parameter.name() + "' (" + parameter.type() + ": " + parameter.description() + ")");
    }
    try {
      return switch (parameter.type()) {
        case "String" -> ClickHouseQueries.quote(value);
        case "Date" -> "toDate('" + LocalDate.parse(value) + "')";
        case "DateTime" -> {
          LocalDateTime.parse(value.replace(' ', 'T'));
          yield "toDateTime('" + value.replace('T', ' ') + "', 'UTC')";
        }
        default -> {
          if (!NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("not a number");
          }
          yield value;
        }
      };
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Parameter '" + parameter.name() + "' of cookbook query " + file
          + " must be a " + parameter.type() + " (e.g. 2026-01-31, 2026-01-31 08:00:00 or 0.95), got: " + value, e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = CookbookQuery.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath resource " + name, e);
    }
  }
}
