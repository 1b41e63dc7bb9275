package org.learnstream.jobs.ingest;

import java.util.Map;

/**
 * One HTTP request to the statements resource, as plain data (the HTTP layer fills it).
 *
 * @param contentType the request's Content-Type, or null
 * @param acceptLanguage the Accept-Language header, which {@code format=canonical} reads, or null
 */
public record IngestRequest(String method, String authorization, String versionHeader,
    Map<String, String> query, byte[] body, String contentType, String acceptLanguage) {

  /** A request without Content-Type and Accept-Language. */
  public IngestRequest(String method, String authorization, String versionHeader, Map<String, String> query,
      byte[] body) {
    this(method, authorization, versionHeader, query, body, null, null);
  }

  public String queryParam(String name) {
    return query.get(name);
  }

  /** The same request with {@code json} as its body, e.g. the statements part of a multipart body. */
  public IngestRequest withJsonBody(byte[] json) {
    return new IngestRequest(method, authorization, versionHeader, query, json, "application/json", acceptLanguage);
  }

  /** The request an alternate-syntax POST stands for; any other request as it is. */
  public IngestRequest unwrapped() {
    if (!AlternateRequestSyntax.applies(method, query)) {
      return this;
    }
    AlternateRequestSyntax.Unwrapped form = AlternateRequestSyntax.unwrap(query, contentType, versionHeader, body);
    return new IngestRequest(form.method(), form.header("Authorization", authorization),
        form.header(XapiVersionHeader.NAME, versionHeader), form.query(), form.content(),
        form.header("Content-Type", null), form.header("Accept-Language", acceptLanguage));
  }
}
