package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * A request body parsed to a tree, and where possible where each statement object's bytes lie in the
 * body, so that {@link StatementSplice} can add the server's members without writing the tree again.
 * Bodies that are not a UTF-8 object or array of objects, or that repeat a member name anywhere, are
 * parsed exactly as before and carry no locations: their statements are written from the tree.
 *
 * @param starts for statement {@code i}, the offset of its opening brace; null when not located
 * @param ends for statement {@code i}, the offset just past its closing brace; null when not located
 */
record LocatedBody(JsonNode root, int[] starts, int[] ends) {

  boolean located() {
    return starts != null;
  }

  /**
   * Parses like {@code json.readTree(body)}, failing with the same exceptions, and also on anything but whitespace
   * after the statement or the array: such a body is not JSON, though a reader that stops at the first value would
   * take it.
   */
  static LocatedBody parse(ObjectMapper json, byte[] body) throws IOException {
    LocatedBody located = tryLocated(json, body);
    return located != null
        ? located
        : new LocatedBody(json.reader(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body), null, null);
  }

  /**
   * Refuses a repeated member name while building the tree, where it costs nothing: the tree keeps the last of
   * repeated members, a later reader of the bytes might take the first, so such a body must be written from the tree.
   */
  private static LocatedBody tryLocated(ObjectMapper json, byte[] body) {
    ObjectReader tree = json.reader(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    try (JsonParser p = json.getFactory().createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        int start = offset(p.currentTokenLocation());
        JsonNode statement = tree.readTree(p);
        int end = offset(p.currentLocation());
        return spliceable(body, start, end) && p.nextToken() == null
            ? new LocatedBody(statement, new int[] {start}, new int[] {end})
            : null;
      }
      if (first != JsonToken.START_ARRAY) {
        return null;
      }
      ArrayNode array = json.getNodeFactory().arrayNode();
      int[] starts = new int[16];
      int[] ends = new int[16];
      int n = 0;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        int start = offset(p.currentTokenLocation());
        JsonNode statement = tree.readTree(p);
        array.add(statement);
        int end = offset(p.currentLocation());
        if (!spliceable(body, start, end)) {
          return null;
        }
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
          ends = Arrays.copyOf(ends, n * 2);
        }
        starts[n] = start;
        ends[n++] = end;
      }
      if (t != JsonToken.END_ARRAY || p.nextToken() != null) {
        return null; // a non-object element, content after the array or a syntax problem: the plain parse reports it
      }
      return new LocatedBody(array, Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Byte offsets exist only for UTF-8 input; other encodings yield -1 and are not located. */
  private static int offset(JsonLocation location) {
    long offset = location.getByteOffset();
    return offset < 0 || offset > Integer.MAX_VALUE ? -1 : (int) offset;
  }

  /** The bytes from {@code start} to {@code end} are the statement's object. */
  private static boolean spliceable(byte[] body, int start, int end) {
    return start >= 0 && end > start && end <= body.length && body[start] == '{' && body[end - 1] == '}';
  }
}
