package org.learnstream.jobs.ingest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * xAPI's alternate request syntax (Communication 1.3), for clients that can only send POST (e.g. across origins):
 * {@code POST ...?method=PUT} with a form body whose fields are the headers, the parameters and the
 * {@code content}. This turns such a request into the one it stands for, on every resource.
 */
public final class AlternateRequestSyntax {

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");
  private static final Set<String> HEADER_FIELDS = Set.of("authorization", "x-experience-api-version",
      "content-type", "content-length", "if-match", "if-none-match", "accept-language");

  /**
   * The request a form stands for. When it cannot be read as one (an unknown method, parameters outside the form, no
   * form at all, a request in xAPI 2.0), {@code query} keeps {@code method}, which {@link RequestGate} refuses.
   *
   * @param headers the header fields of the form, names in lower case
   */
  public record Unwrapped(String method, Map<String, String> headers, Map<String, String> query, byte[] content) {

    /** The form's header, which wins over the POST's own: a browser may have set those for the form itself. */
    public String header(String name, String sentWithThePost) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), sentWithThePost);
    }
  }

  private AlternateRequestSyntax() {
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** Whether a POST is in the alternate syntax: it names the method it stands for. */
  public static boolean applies(String method, Map<String, String> query) {
    return method.equals("POST") && query.containsKey("method");
  }

  /** xAPI 2.0 has no alternate syntax: a request in 2.0 (by the form's or the POST's version header) is not unwrapped. */
  public static Unwrapped unwrap(Map<String, String> postQuery, String postContentType, String postVersionHeader,
      byte[] postBody) {
    String method = postQuery.get("method").toUpperCase(Locale.ROOT);
    Map<String, String> headers = new HashMap<>();
    Map<String, String> query = new HashMap<>();
    String content = null;
    for (String pair : new String(postBody, StandardCharsets.UTF_8).split("&")) {
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
    String version = headers.getOrDefault("x-experience-api-version", postVersionHeader);
    boolean removedInVersion = XapiVersionHeader.parse(version).orElse(null) == XapiVersion.V2_0_0;
    if (!METHODS.contains(method) || postQuery.size() != 1 || !isForm(postContentType) || removedInVersion) {
      query.put("method", postQuery.get("method"));
    }
    return new Unwrapped(METHODS.contains(method) ? method : "POST", headers, query,
        content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8));
  }
}
