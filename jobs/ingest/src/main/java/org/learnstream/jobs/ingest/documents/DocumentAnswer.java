package org.learnstream.jobs.ingest.documents;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP answer of the document resources as plain data.
 *
 * @param contentType the body's type; null when there is no body
 */
public record DocumentAnswer(int status, Map<String, String> headers, String contentType, byte[] body) {

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public String header(String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }
}
