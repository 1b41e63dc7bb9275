package org.learnstream.jobs.ingest.documents;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * xAPI's alternate request syntax (Communication 1.3), for clients that can only send POST (e.g. across origins):
 * {@code POST ...?method=PUT} with a form body whose fields are the headers, the parameters and the
 * {@code content}. This turns such a request into the one it stands for.
 */
final class AlternateRequestSyntax {

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");
  private static final Set<String> HEADER_FIELDS = Set.of("authorization", "x-experience-api-version",
      "content-type", "content-length", "if-match", "if-none-match");

  private AlternateRequestSyntax() {}

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** Whether a POST is in the alternate syntax: it names the method it stands for. */
  static boolean applies(String method, Map<String, String> query) {
    return method.equals("POST") && query.containsKey("method");
  }

  /**
   * The request a form stands for; the form's own credentials and version win over the POST's headers, which a
   * browser may have set for the form itself.
   */
  static DocumentRequest unwrap(DocumentRequest post) {
    String method = post.param("method").toUpperCase(Locale.ROOT);
    Map<String, String> headers = new HashMap<>();
    Map<String, String> query = new HashMap<>();
    String content = null;
    for (String pair : new String(post.body(), StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (name.equals("content")) {
        content = value;
      } else if (HEADER_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
      } else {
        query.put(name, value);
      }
    }
    if (!METHODS.contains(method) || post.query().size() != 1 || !isForm(post.contentType())) {
      // an unknown method, parameters outside the form or no form at all: the gate answers 400
      query.put("method", post.param("method"));
    }
    return new DocumentRequest(METHODS.contains(method) ? method : "POST",
        headers.getOrDefault("authorization", post.authorization()),
        headers.getOrDefault("x-experience-api-version", post.versionHeader()), query,
        headers.get("content-type"), headers.get("if-match"), headers.get("if-none-match"),
        content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8));
  }
}
