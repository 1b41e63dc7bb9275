package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * A statement this server wrote that has not landed yet, as {@link ReadableThrough} keeps it for reads: the JSON as
 * written, parsed once, when a read first needs it. Every query of the tenant merges all of them into its page, so
 * parsing them for each query cost more than the query itself under load; the tree is shared by the reads, which
 * copy it before changing anything (see {@link ReturnedStatements}, {@link StatementFormat}).
 */
final class UnlandedStatement {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The statement's tree with its place in the order of pages. */
  private record Parsed(JsonNode tree, long storedMillis, String id) {
  }

  private final byte[] json;
  /** Null until a read needs it; two reads may both parse, either result is the same. */
  private volatile Parsed parsed;

  UnlandedStatement(byte[] json) {
    this.json = json;
  }

  /** The JSON as written. */
  byte[] json() {
    return json;
  }

  /** The statement, not to be changed. */
  JsonNode tree() {
    return parsed().tree();
  }

  /** Its {@code stored} time in milliseconds, -1 when it has none. */
  long storedMillis() {
    return parsed().storedMillis();
  }

  /** Its id in lower case. */
  String id() {
    return parsed().id();
  }

  private Parsed parsed() {
    Parsed p = parsed;
    if (p == null) {
      JsonNode tree = parse(json);
      p = new Parsed(tree, UnlandedMerge.storedMillis(tree), tree.path("id").asText().toLowerCase(Locale.ROOT));
      parsed = p;
    }
    return p;
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("A statement this server wrote is not JSON", e);
    }
  }
}
