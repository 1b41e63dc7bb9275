package org.learnstream.jobs.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.learnstream.jobs.ingest.TenantCredentials.Principal;
import org.learnstream.pipeline.xapi.Violation;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * What every request to the statements, document, Agents and Activities resources must pass first: known
 * credentials, a supported version header, and no {@code method} parameter left over from an alternate request syntax
 * that could not be read. One gate, so that every resource refuses alike.
 */
public final class RequestGate {

  /** Why a request is refused: the status, the error and the rule it broke. */
  public record Refusal(int status, String error, Violation violation) {
  }

  /**
   * Who sent the request and in which version, or the refusal to send; {@code headers} go on the answer either way
   * (the version header, and WWW-Authenticate with a 401).
   */
  public record Passed(Principal principal, XapiVersion version, Map<String, String> headers, Refusal refusal) {
    public boolean refused() {
      return refusal != null;
    }
  }

  private final TenantCredentials credentials;

  public RequestGate(TenantCredentials credentials) {
    this.credentials = credentials;
  }

  /** @param query the request's parameters, after the alternate request syntax was unwrapped */
  public Passed check(String authorization, String versionHeader, Map<String, String> query) {
    Optional<Principal> principal = credentials.authenticate(authorization);
    Optional<XapiVersion> version = XapiVersionHeader.parse(versionHeader);
    Map<String, String> headers = new HashMap<>();
    // without a version we can read, the answer speaks the newest one, as /about lists it
    headers.put(XapiVersionHeader.NAME, version.isPresent() ? versionHeader.trim() : XapiVersionHeader.LATEST);
    if (principal.isEmpty()) {
      headers.put("WWW-Authenticate", "Basic realm=\"learnstream xAPI\", charset=\"UTF-8\"");
      return new Passed(null, null, headers, new Refusal(401, "unauthorized", new Violation(
          "header:Authorization", "credentials.valid", "send HTTP Basic credentials of a configured tenant key")));
    }
    if (version.isEmpty()) {
      return new Passed(null, null, headers, new Refusal(400, "invalid request",
          XapiVersionHeader.problem(versionHeader)));
    }
    if (query.get("method") != null) {
      return new Passed(null, null, headers, new Refusal(400, "invalid request", new Violation(
          "query:method", "method.alternate-syntax", version.get() == XapiVersion.V2_0_0
              ? "xAPI 2.0 has no alternate request syntax; send the request with its own method and headers"
              : "the alternate request syntax is a POST whose only parameter is method (GET, HEAD, PUT, POST or "
                  + "DELETE), with an application/x-www-form-urlencoded body that holds the headers, the parameters "
                  + "and the content")));
    }
    return new Passed(principal.get(), version.get(), headers, null);
  }
}
