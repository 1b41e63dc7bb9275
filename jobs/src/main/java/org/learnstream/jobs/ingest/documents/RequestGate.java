package org.learnstream.jobs.ingest.documents;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.TenantCredentials.Principal;
import org.learnstream.jobs.ingest.XapiVersionHeader;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;

/** What every request must pass first, as on the statements resource: known credentials and a version header. */
final class RequestGate {

  /** Either who sent the request and in which version, or the refusal to send. */
  record Passed(Principal principal, XapiVersion version, Map<String, String> headers, DocumentAnswer refusal) {
    boolean refused() {
      return refusal != null;
    }
  }

  private final TenantCredentials credentials;

  RequestGate(TenantCredentials credentials) {
    this.credentials = credentials;
  }

  Passed check(DocumentRequest request) {
    Optional<Principal> principal = credentials.authenticate(request.authorization());
    Optional<XapiVersion> version = XapiVersionHeader.parse(request.versionHeader());
    Map<String, String> headers = new HashMap<>();
    headers.put(XapiVersionHeader.NAME, version.isPresent() ? request.versionHeader().trim() : "1.0.3");
    if (principal.isEmpty()) {
      headers.put("WWW-Authenticate", "Basic realm=\"learnstream xAPI\", charset=\"UTF-8\"");
      return new Passed(null, null, headers, Answers.error(401, headers, "unauthorized", new Violation(
          "header:Authorization", "credentials.valid", "send HTTP Basic credentials of a configured tenant key")));
    }
    if (version.isEmpty()) {
      return new Passed(null, null, headers, Answers.error(400, headers, "invalid request",
          XapiVersionHeader.problem(request.versionHeader())));
    }
    if (request.param("method") != null) {
      return new Passed(null, null, headers, Answers.error(400, headers, "invalid request", new Violation(
          "query:method", "method.alternate-syntax", "the alternate request syntax is a POST whose only parameter "
              + "is method (GET, HEAD, PUT, POST or DELETE), with an application/x-www-form-urlencoded body that "
              + "holds the headers, the parameters and the document as content")));
    }
    return new Passed(principal.get(), version.get(), headers, null);
  }
}
