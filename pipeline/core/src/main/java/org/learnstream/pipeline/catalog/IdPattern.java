package org.learnstream.pipeline.catalog;

import java.io.Serializable;
import java.util.List;

/**
 * An id, or a pattern where {@code *} stands for any run of characters (none included). Only {@code *} is special,
 * because IRIs are full of the characters ({@code ?}, {@code .}, {@code +}) that other pattern languages reserve.
 */
record IdPattern(List<String> pieces) implements Serializable {

  static IdPattern of(String pattern) {
    return new IdPattern(List.of(pattern.split("\\*", -1)));
  }

  boolean matches(String id) {
    if (id == null) {
      return false;
    }
    String first = pieces.get(0);
    if (pieces.size() == 1) {
      return id.equals(first);
    }
    String last = pieces.get(pieces.size() - 1);
    if (!id.startsWith(first) || id.length() < first.length() + last.length()) {
      return false;
    }
    int at = first.length();
    int end = id.length() - last.length();
    for (int i = 1; i < pieces.size() - 1; i++) {
      int found = id.indexOf(pieces.get(i), at);
      if (found < 0 || found + pieces.get(i).length() > end) {
        return false;
      }
      at = found + pieces.get(i).length();
    }
    return id.endsWith(last);
  }
}
