package org.learnstream.jobs.ingest;

import java.util.Map;

/** One HTTP request to the statements resource, as plain data (the HTTP layer fills it). */
public record IngestRequest(String method, String authorization, String versionHeader,
    Map<String, String> query, byte[] body) {

  public String queryParam(String name) {
    return query.get(name);
  }
}
