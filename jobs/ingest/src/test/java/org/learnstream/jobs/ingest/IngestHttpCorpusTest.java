package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.pipeline.xapi.AdlConformanceCorpus;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * ADL's LRS conformance statements from the shared corpus ({@code -Dlearnstream.corpus=/path/to/corpus}), each posted
 * alone to the endpoint over HTTP with a real broker behind it: every {@code *_valid} one answered 200, every
 * {@code *_invalid} one 400 naming a rule. Skipped when the property is absent.
 */
class IngestHttpCorpusTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyAdlConformanceStatementIsAnsweredAsTheSuiteExpects() throws Exception {
    String corpus = System.getProperty("learnstream.corpus", "");
    assumeTrue(!corpus.isBlank(), "learnstream.corpus not set: endpoint corpus test skipped");
    Path xapi = Path.of(corpus).resolve("xapi");
    if (!Files.isDirectory(xapi)) {
      fail("learnstream.corpus=" + corpus + " does not contain an xapi/ folder; point it at the shared corpus folder");
    }
    List<AdlConformanceCorpus.Case> cases = AdlConformanceCorpus.cases(xapi);
    KafkaPublisherSettings kafka = new KafkaPublisherSettings(KAFKA.bootstrapServers(),
        KAFKA.uniqueTopic("xapi.statements", 1), "ingest-corpus-test-" + UUID.randomUUID(), 2, Duration.ofSeconds(10),
        Duration.ofSeconds(20), Map.of());
    List<String> failures = new ArrayList<>();
    Map<Path, int[]> passedOfChecked = new LinkedHashMap<>();
    Set<String> idsSent = new HashSet<>();
    try (IngestServer server = IngestServer.start(IngestServerSettings.local(0, KAFKA.bootstrapServers())
        .withKafka(kafka), StatementStore.NONE)) {
      for (AdlConformanceCorpus.Case c : cases) {
        HttpResponse<String> answer = IngestServerHttpTest.call(server, "POST", "statements",
            IngestServerHttpTest.DEMO, c.version() == XapiVersion.V2_0_0 ? "2.0.0" : "1.0.3",
            c.valid() ? withFreshIdWhenSentBefore(c.json(), idsSent) : c.json());
        boolean ok = c.valid()
            ? answer.statusCode() == 200
            : answer.statusCode() == 400 && JSON.readTree(answer.body()).path("violations").size() > 0;
        int[] counts = passedOfChecked.computeIfAbsent(c.file(), f -> new int[2]);
        counts[1]++;
        if (ok) {
          counts[0]++;
        } else {
          failures.add(xapi.relativize(c.file()) + " line " + c.line() + " [" + c.label() + "] expected "
              + (c.valid() ? "200" : "400") + ", got " + answer.statusCode() + " " + answer.body());
        }
      }
    }
    StringBuilder summary = new StringBuilder("Endpoint over HTTP, ADL LRS conformance statements:\n");
    passedOfChecked.forEach((file, n) -> summary.append(String.format("  %-55s %4d/%4d answered as expected%n",
        xapi.relativize(file), n[0], n[1])));
    System.out.print(summary);
    assertThat(cases).as("conformance statements found").hasSizeGreaterThan(1000);
    assertThat(failures).as("statements answered wrongly (" + failures.size() + ")").isEmpty();
  }

  /**
   * The suite reuses statement ids across its tests; a repeated id with other content is a 409 here, as an LRS must
   * answer. A valid statement keeps its validity with any other UUID, so a repeated one gets a fresh id.
   */
  private static String withFreshIdWhenSentBefore(String statement, Set<String> idsSent) throws Exception {
    JsonNode tree = JSON.readTree(statement);
    JsonNode id = tree.path("id");
    if (!id.isTextual() || idsSent.add(id.asText().toLowerCase())) {
      return statement;
    }
    ((ObjectNode) tree).put("id", UUID.randomUUID().toString());
    return JSON.writeValueAsString(tree);
  }
}
