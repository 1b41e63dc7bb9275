package org.learnstream.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP answer as plain data: status, extra headers and a JSON body (empty for 204). */
public record IngestResponse(int status, Map<String, String> headers, byte[] body) {

  public static IngestResponse json(int status, Map<String, String> headers, byte[] body) {
    return new IngestResponse(status, headers, body);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
