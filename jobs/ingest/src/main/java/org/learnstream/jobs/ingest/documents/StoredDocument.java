package org.learnstream.jobs.ingest.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One document as stored.
 *
 * @param etag the SHA-1 of the content in hex (xAPI 1.0.3 asks for SHA-1), unquoted
 */
public record StoredDocument(byte[] content, String contentType, String etag, Instant updated) {

  public static StoredDocument of(byte[] content, String contentType, Instant updated) {
    return new StoredDocument(content, contentType, sha1(content), updated);
  }

  /** Whether the content is a JSON document by its type ({@code application/json}, any parameters). */
  public boolean isJson() {
    return isJsonType(contentType);
  }

  static boolean isJsonType(String contentType) {
    return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  private static String sha1(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
