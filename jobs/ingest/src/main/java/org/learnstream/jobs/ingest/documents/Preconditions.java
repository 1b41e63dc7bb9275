package org.learnstream.jobs.ingest.documents;

import java.util.Optional;

/**
 * If-Match and If-None-Match as RFC 2616 has them for a document: {@code *} or a list of quoted ETags (weak tags
 * compare by their value). xAPI's SHA-1 ETags are compared without their quotes.
 */
final class Preconditions {

  private Preconditions() {
  }

  /** Whether the headers allow the request on {@code current}; absent headers allow anything. */
  static boolean hold(String ifMatch, String ifNoneMatch, Optional<StoredDocument> current) {
    if (ifMatch != null && !(current.isPresent() && matches(ifMatch, current.get().etag()))) {
      return false;
    }
    return ifNoneMatch == null || current.isEmpty() || !matches(ifNoneMatch, current.get().etag());
  }

  private static boolean matches(String header, String etag) {
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (t.equalsIgnoreCase(etag)) {
        return true;
      }
    }
    return false;
  }
}
