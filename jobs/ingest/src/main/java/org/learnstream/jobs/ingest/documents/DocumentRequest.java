package org.learnstream.jobs.ingest.documents;

import java.util.Map;

/**
 * One HTTP request to a document, Agents or Activities resource, as plain data (the HTTP layer fills it).
 *
 * @param contentType the request's Content-Type, or null
 * @param ifMatch the If-Match header, or null
 * @param ifNoneMatch the If-None-Match header, or null
 */
public record DocumentRequest(String method, String authorization, String versionHeader, Map<String, String> query,
    String contentType, String ifMatch, String ifNoneMatch, byte[] body) {

  public String param(String name) {
    return query.get(name);
  }
}
