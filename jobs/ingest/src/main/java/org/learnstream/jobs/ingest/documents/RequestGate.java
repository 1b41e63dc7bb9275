package org.learnstream.jobs.ingest.documents;

import java.util.Map;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.TenantCredentials.Principal;
import org.learnstream.pipeline.xapi.XapiVersion;

/** The statements resource's {@link org.learnstream.jobs.ingest.RequestGate}, its refusals as document answers. */
final class RequestGate {

  /** Either who sent the request and in which version, or the refusal to send. */
  record Passed(Principal principal, XapiVersion version, Map<String, String> headers, DocumentAnswer refusal) {
    boolean refused() {
      return refusal != null;
    }
  }

  private final org.learnstream.jobs.ingest.RequestGate gate;

  RequestGate(TenantCredentials credentials) {
    this.gate = new org.learnstream.jobs.ingest.RequestGate(credentials);
  }

  Passed check(DocumentRequest request) {
    var passed = gate.check(request.authorization(), request.versionHeader(), request.query());
    var refusal = passed.refusal();
    return new Passed(passed.principal(), passed.version(), passed.headers(), refusal == null
        ? null
        : Answers.error(refusal.status(), passed.headers(), refusal.error(), refusal.violation()));
  }
}
