package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An actor identifier given outside a statement (an access request names the learner by e-mail, account, ...),
 * checked with the statement rules and turned into the canonical text that the learner's pseudonym is computed from.
 */
public final class LearnerIdentifier {

  private LearnerIdentifier() {
  }

  /**
   * The canonical identifier of {@code agent} (an Agent object with one of mbox, mbox_sha1sum, openid, account).
   *
   * @throws IllegalArgumentException naming each field and the rule it breaks
   */
  public static String canonical(JsonNode agent, String path) {
    List<Violation> violations = new RequestParameterRules(ValidationLimits.defaults()).agentOrGroup(agent,
        XapiVersion.V2_0_0, path);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(violations.stream().map(Violation::describe)
          .collect(Collectors.joining("; ")));
    }
    return Identifiers.canonicalIfi(agent);
  }
}
