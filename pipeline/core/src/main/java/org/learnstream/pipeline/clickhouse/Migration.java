package org.learnstream.pipeline.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned SQL file {@code V<version>__<name>.sql}: statements end with {@code ;} at the end of a line,
 * lines starting with {@code --} are comments, and {@code ${database}} stands for the target database.
 */
public record Migration(int version, String name, String sql) {

  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
  public static final String DATABASE_PLACEHOLDER = "${database}";

  public static Migration fromFile(String fileName, String sql) {
    Matcher m = FILE_NAME.matcher(fileName);
    if (!m.matches()) {
      throw new IllegalArgumentException("Migration file name '" + fileName
          + "' must look like V001__what_it_does.sql (V, digits, two underscores, [A-Za-z0-9_], .sql)");
    }
    return new Migration(Integer.parseInt(m.group(1)), m.group(2), sql);
  }

  /** SHA-256 of the file text as written (before the database is substituted), in hex. */
  public String checksum() {
    return sha256(sql);
  }

  /** SHA-256 of {@code text} in UTF-8, in hex: a migration's or one of its statements' checksum. */
  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The statements of this file with {@code ${database}} replaced, without the trailing semicolons. */
  public List<String> statements(String database) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.replace(DATABASE_PLACEHOLDER, database).split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith(";")) {
        current.append(line, 0, line.lastIndexOf(';'));
        statements.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
