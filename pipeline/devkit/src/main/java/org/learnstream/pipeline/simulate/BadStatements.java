package org.learnstream.pipeline.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A handful of realistic malformed statements, each derived from a good statement of the cohort and
 * broken in one way, to show how bad input ends up as dead letters.
 */
public final class BadStatements {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BadStatements() {
  }

  /** One of each kind of breakage, built on the first answer of the given cohort; deterministic. */
  public static List<BadStatement> of(CohortSpec spec) {
    CohortSimulator simulator = new CohortSimulator(spec);
    SimulatedStatement base = simulator.statements().filter(SimulatedStatement::isAnswer).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the cohort produces no answers to derive bad statements from; "
            + "give it at least one school day"));
    ObjectNode good = parse(base.json());
    String tenant = spec.tenant();
    String unknown = tenant + "|unknown";
    long idSeed = Rng.streamSeed(spec.seed(), -4);
    byte[] truncated = withId(good, idSeed, 0, s -> {
    });
    return List.of(
        new BadStatement("truncated JSON", "(body)",
            "must be well-formed JSON (the body ends in the middle of an object)",
            tenant, base.actorKey(), Arrays.copyOf(truncated, truncated.length * 3 / 5)),
        new BadStatement("missing actor", "actor", "is required: every statement needs an actor",
            tenant, unknown, withId(good, idSeed, 1, s -> s.remove("actor"))),
        new BadStatement("mbox without mailto:", "actor.mbox", "must be a mailto IRI such as mailto:name@example.org",
            tenant, tenant + "|mbox:" + base.learnerEmail(),
            withId(good, idSeed, 2, s -> ((ObjectNode) s.get("actor")).put("mbox", base.learnerEmail()))),
        new BadStatement("score above 1", "result.score.scaled", "must be between -1 and 1 (was 1.5)",
            tenant, base.actorKey(),
            withId(good, idSeed, 3, s -> ((ObjectNode) s.get("result").get("score")).put("scaled", 1.5))),
        new BadStatement("timestamp not ISO 8601", "timestamp",
            "must be an ISO 8601 date-time such as 2026-03-02T09:15:00.000Z (was 03/02/2026 09:15)",
            tenant, base.actorKey(), withId(good, idSeed, 4, s -> s.put("timestamp", "03/02/2026 09:15"))),
        new BadStatement("two identifiers", "actor",
            "an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account)",
            tenant, base.actorKey(), withId(good, idSeed, 5, s -> {
              ObjectNode account = ((ObjectNode) s.get("actor")).putObject("account");
              account.put("homePage", "https://lms.example");
              account.put("name", base.learnerEmail().substring(0, base.learnerEmail().indexOf('@')));
            })));
  }

  private static byte[] withId(ObjectNode good, long idSeed, int n, Consumer<ObjectNode> breakIt) {
    ObjectNode copy = good.deepCopy();
    copy.put("id", StatementWriter.uuid(idSeed, n));
    breakIt.accept(copy);
    try {
      return JSON.writeValueAsString(copy).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not render a bad statement", e);
    }
  }

  private static ObjectNode parse(byte[] json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
