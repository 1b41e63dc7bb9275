package org.learnstream.pipeline.mastery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a delimited response file with a header line into a {@link ResponseTable}. Sequences are grouped per
 * (skill, learner) and ordered by the order column; ties keep file order (a stable sort), which is how the
 * ASSISTments order ids and the all-zero timestamps of the preprocessed files are meant to be read.
 */
public final class ResponseCsvReader {

  private final ColumnMapping mapping;

  public ResponseCsvReader(ColumnMapping mapping) {
    this.mapping = mapping;
  }

  public static ResponseTable read(Path file, ColumnMapping mapping) throws IOException {
    return new ResponseCsvReader(mapping).read(file);
  }

  /**
   * @throws IOException              when the file cannot be read
   * @throws IllegalArgumentException when a mapped column is missing or a value cannot be parsed; the message
   *                                  names the file, line and column
   */
  public ResponseTable read(Path file) throws IOException {
    Rows rows = parse(file);
    return group(rows.count, rows.users, rows.skills, rows.orders, rows.correct, rows.userNames, rows.skillNames,
        rows.skipped);
  }

  /**
   * The file's responses in the order a stream would see them: learner by learner, each learner's responses in
   * order across all skills, with the item of each response when the mapping names an item column.
   *
   * @throws IOException              when the file cannot be read
   * @throws IllegalArgumentException as {@link #read(Path)}
   */
  public ResponseLog readLog(Path file) throws IOException {
    Rows rows = parse(file);
    Integer[] index = new Integer[rows.count];
    for (int i = 0; i < rows.count; i++) {
      index[i] = i;
    }
    // Stable: equal orders keep file order.
    Arrays.sort(index, (a, b) -> {
      int c = Integer.compare(rows.users[a], rows.users[b]);
      return c != 0 ? c : Long.compare(rows.orders[a], rows.orders[b]);
    });
    int[] users = new int[rows.count];
    int[] skills = new int[rows.count];
    int[] items = new int[rows.count];
    byte[] correct = new byte[rows.count];
    for (int k = 0; k < rows.count; k++) {
      int row = index[k];
      users[k] = rows.users[row];
      skills[k] = rows.skills[row];
      items[k] = rows.items[row];
      correct[k] = rows.correct[row];
    }
    return new ResponseLog(users, skills, items, correct, rows.userNames, rows.skillNames, rows.itemNames);
  }

  /** Parsed rows with learners, skills and items interned to dense ids, in file order. */
  private static final class Rows {
    final Map<String, Integer> userIds = new HashMap<>();
    final Map<String, Integer> skillIds = new HashMap<>();
    final Map<String, Integer> itemIds = new HashMap<>();
    final List<String> userNames = new ArrayList<>();
    final List<String> skillNames = new ArrayList<>();
    final List<String> itemNames = new ArrayList<>();
    int[] users = new int[1024];
    int[] skills = new int[1024];
    int[] items = new int[1024];
    long[] orders = new long[1024];
    byte[] correct = new byte[1024];
    int count;
    int skipped;

    void grow() {
      int size = count * 2;
      users = Arrays.copyOf(users, size);
      skills = Arrays.copyOf(skills, size);
      items = Arrays.copyOf(items, size);
      orders = Arrays.copyOf(orders, size);
      correct = Arrays.copyOf(correct, size);
    }
  }

  private Rows parse(Path file) throws IOException {
    Rows rows = new Rows();
    try (BufferedReader in = open(file)) {
      Header header = readHeader(in, file, mapping.delimiter());
      char delimiter = header.delimiter();
      List<String> columns = header.columns();
      int userCol = column(file, columns, mapping.user(), "user", "--user-col");
      int skillCol = column(file, columns, mapping.skill(), "skill", "--skill-col");
      int correctCol = column(file, columns, mapping.correct(), "correct", "--correct-col");
      int orderCol = mapping.order() == null ? -1 : column(file, columns, mapping.order(), "order", "--order-col");
      // The item is optional: a file without the preset's item column is read without items.
      int itemCol = mapping.item() == null ? -1 : columns.indexOf(mapping.item());
      int needed = Math.max(Math.max(userCol, skillCol), Math.max(correctCol, Math.max(orderCol, itemCol))) + 1;

      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isEmpty()) {
          continue;
        }
        List<String> fields = split(line, delimiter);
        if (fields.size() < needed) {
          throw new IllegalArgumentException("response file " + file + " line " + lineNo + " has " + fields.size()
              + " fields, the header has " + columns.size());
        }
        String skill = fields.get(skillCol).trim();
        if (skill.isEmpty()) {
          rows.skipped++;
          continue;
        }
        if (rows.count == rows.users.length) {
          rows.grow();
        }
        int row = rows.count;
        rows.users[row] = intern(fields.get(userCol).trim(), rows.userIds, rows.userNames);
        rows.skills[row] = intern(skill, rows.skillIds, rows.skillNames);
        rows.items[row] = itemCol < 0 ? -1 : intern(fields.get(itemCol).trim(), rows.itemIds, rows.itemNames);
        rows.correct[row] = parseCorrect(fields.get(correctCol), file, lineNo);
        rows.orders[row] = orderCol < 0 ? row : parseOrder(fields.get(orderCol), file, lineNo);
        rows.count++;
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return rows;
  }

  /**
   * The column names of a response file's header line.
   *
   * @param delimiter the field delimiter, or null to detect it from the header line
   * @throws IOException              when the file does not exist or cannot be read
   * @throws IllegalArgumentException when the file is empty
   */
  public static List<String> header(Path file, Character delimiter) throws IOException {
    try (BufferedReader in = open(file)) {
      return readHeader(in, file, delimiter).columns();
    }
  }

  private record Header(char delimiter, List<String> columns) {
  }

  private static BufferedReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "response file does not exist");
    }
    // Exports such as ASSISTments' are often latin-1: undecodable bytes (only ever seen in free-text columns such
    // as answer_text) become U+FFFD instead of failing the whole file.
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    return new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8), 1 << 16);
  }

  private static Header readHeader(BufferedReader in, Path file, Character delimiter) throws IOException {
    String line = in.readLine();
    if (line == null) {
      throw new IllegalArgumentException("response file " + file + " is empty: expected a header line");
    }
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    char separator = delimiter != null ? delimiter : detectDelimiter(line);
    return new Header(separator, split(line, separator));
  }

  private static ResponseTable group(int rows, int[] users, int[] skills, long[] orders, byte[] correct,
      List<String> userNames, List<String> skillNames, int skipped) {
    Integer[] index = new Integer[rows];
    for (int i = 0; i < rows; i++) {
      index[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort: equal orders keep file order.
    Arrays.sort(index, (a, b) -> {
      int c = Integer.compare(skills[a], skills[b]);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(users[a], users[b]);
      return c != 0 ? c : Long.compare(orders[a], orders[b]);
    });
    List<ResponseTable.SkillSequences> result = new ArrayList<>();
    int i = 0;
    while (i < rows) {
      int skill = skills[index[i]];
      int end = i;
      while (end < rows && skills[index[end]] == skill) {
        end++;
      }
      List<String> seqUsers = new ArrayList<>();
      int[] starts = new int[end - i + 1];
      byte[] obs = new byte[end - i];
      int previousUser = -1;
      for (int k = i; k < end; k++) {
        int row = index[k];
        if (users[row] != previousUser) {
          starts[seqUsers.size()] = k - i;
          seqUsers.add(userNames.get(users[row]));
          previousUser = users[row];
        }
        obs[k - i] = correct[row];
      }
      starts[seqUsers.size()] = end - i;
      result.add(new ResponseTable.SkillSequences(skillNames.get(skill), seqUsers.toArray(String[]::new),
          Arrays.copyOf(starts, seqUsers.size() + 1), obs));
      i = end;
    }
    return new ResponseTable(result, skipped);
  }

  static char detectDelimiter(String header) {
    char best = ',';
    long bestCount = 0;
    for (char candidate : new char[] {'\t', ',', ';'}) {
      long count = header.chars().filter(ch -> ch == candidate).count();
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  /** Splits one line; fields may be double-quoted with "" as an escaped quote. */
  static List<String> split(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  private static int column(Path file, List<String> columns, String name, String role, String option) {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("response file " + file + " has no " + role + " column '" + name
          + "' (set " + option + "); its columns are " + columns);
    }
    return index;
  }

  private static int intern(String value, Map<String, Integer> ids, List<String> names) {
    Integer id = ids.get(value);
    if (id == null) {
      id = names.size();
      ids.put(value, id);
      names.add(value);
    }
    return id;
  }

  private static byte parseCorrect(String raw, Path file, int lineNo) {
    String value = raw.trim();
    switch (value) {
      case "1", "1.0", "true", "TRUE", "True" :
        return 1;
      case "0", "0.0", "false", "FALSE", "False" :
        return 0;
      default :
        throw new IllegalArgumentException("response file " + file + " line " + lineNo
            + ": correct must be 1 or 0 (or true/false), got '" + raw + "'");
    }
  }

  private static long parseOrder(String raw, Path file, int lineNo) {
    String value = raw.trim();
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException notLong) {
      try {
        return (long) Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("response file " + file + " line " + lineNo
            + ": the order column must be numeric (an order id or epoch timestamp), got '" + raw + "'");
      }
    }
  }
}
