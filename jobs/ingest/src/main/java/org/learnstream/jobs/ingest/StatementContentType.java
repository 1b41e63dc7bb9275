package org.learnstream.jobs.ingest;

import java.util.Locale;
import org.learnstream.pipeline.xapi.Violation;

/**
 * The Content-Type a statement write may have (xAPI Communication 1.5 and Data 2.4.11): {@code application/json}, or
 * {@code multipart/mixed} for statements with attachments. A write without Content-Type is read as JSON, as clients
 * that never set one expect; any other type (a form, {@code multipart/form-data}) is refused.
 */
final class StatementContentType {

  private StatementContentType() {
  }

  static boolean accepted(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.equals("multipart/mixed");
  }

  static Violation problem(String contentType) {
    return new Violation("header:Content-Type", "content-type.statements", "statements are sent as application/json "
        + "(or multipart/mixed with attachments), got '" + contentType + "'");
  }
}
