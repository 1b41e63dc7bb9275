package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The statement rules for values that arrive outside a statement, as query parameters of the document, Agents and
 * Activities resources ({@code agent}, {@code activityId}, {@code registration}, {@code since}): the same syntax
 * checks, so a value a statement may carry is accepted there too.
 */
public final class RequestParameterRules {

  private final ValidationLimits limits;

  public RequestParameterRules(ValidationLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Violations of an Agent or Group ({@code path} e.g. {@code query:agent}); empty when valid. */
  public List<Violation> agentOrGroup(JsonNode agent, XapiVersion version, String path) {
    Checks c = new Checks(limits, Objects.requireNonNull(version, "version"));
    AgentRules.agentOrGroup(c, agent, JsonPath.root(path));
    return c.out;
  }

  /** An absolute IRI, as an activity id must be. */
  public static boolean isIri(String s) {
    return XapiSyntax.isIri(s);
  }

  public static boolean isUuid(String s) {
    return XapiSyntax.isUuid(s);
  }

  /** Epoch millis of an xAPI timestamp (with a time zone), or {@link Long#MIN_VALUE} when it is not one. */
  public static long timestampMillis(String s) {
    return XapiSyntax.timestampMillis(s);
  }
}
