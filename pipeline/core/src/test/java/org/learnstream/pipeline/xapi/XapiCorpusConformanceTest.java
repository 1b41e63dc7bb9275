package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the validator over the shared public xAPI corpus ({@code -Dlearnstream.corpus=/path/to/corpus}); skipped when
 * the property is absent, failing when it names a missing folder. Expectations per folder come from each SOURCE.md:
 * ADL conformance {@code *_valid} accepted / {@code *_invalid} rejected; spec examples accepted except the 0.9
 * statement; xAPIWrapper bank, H5P and DATASIM accepted, except H5P's Single Choice Set parent statement, whose
 * interactionType "compound" is not an xAPI interaction type; yetanalytics valid/invalid as labelled.
 */
class XapiCorpusConformanceTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Line of the H5P Single Choice Set parent statement, whose interactionType "compound" xAPI does not define. */
  private static final int H5P_COMPOUND_LINE = 2;
  /** {@code -Dlearnstream.corpus.verbose=true} prints why each invalid line was rejected, to review reasons. */
  private static final boolean VERBOSE = Boolean.getBoolean("learnstream.corpus.verbose");
  private Path xapi;

  private final StatementValidator validator = new StatementValidator();
  private final StatementNormalizer normalizer = new StatementNormalizer(validator, Pseudonymizer.unkeyed(),
      XapiVersion.V1_0_3);
  private final List<String> failures = new ArrayList<>();
  private final StringBuilder summary = new StringBuilder();
  private int totalPassed;
  private int totalChecked;

  @BeforeEach
  void locateCorpus() {
    String corpus = System.getProperty("learnstream.corpus", "");
    assumeTrue(!corpus.isBlank(), "learnstream.corpus not set: corpus conformance test skipped");
    Path root = Path.of(corpus);
    if (!Files.isDirectory(root.resolve("xapi"))) {
      fail("learnstream.corpus=" + corpus + " does not contain an xapi/ folder (" + root.toAbsolutePath()
          + "); point it at the shared corpus folder, e.g. -Dlearnstream.corpus=/work/shared/corpus");
    }
    xapi = root.resolve("xapi");
  }

  @Test
  void everyCorpusStatementIsClassifiedAsItsSourceSays() throws IOException {
    for (Path f : AdlConformanceCorpus.files(xapi)) {
      checkFile(f, f.getFileName().toString().contains("_valid") ? Expect.VALID : Expect.INVALID,
          AdlConformanceCorpus.version(f), -1);
    }
    checkFile(xapi.resolve("xapi-spec/spec_statements_valid.ndjson"), Expect.VALID, XapiVersion.V1_0_3, -1);
    checkFile(xapi.resolve("xapi-spec/spec_statements_legacy_0.9.ndjson"), Expect.INVALID, XapiVersion.V1_0_3, -1);
    checkInteractionDefinitions(xapi.resolve("xapi-spec/spec_interaction_activity_definitions.ndjson"));
    checkFile(xapi.resolve("adl-xAPIWrapper/stmtBank_statements_valid.ndjson"), Expect.VALID, XapiVersion.V1_0_3, -1);
    checkFile(xapi.resolve("yetanalytics-xapi-schema/xapi_schema_statements_valid.ndjson"), Expect.VALID,
        XapiVersion.V1_0_3, -1);
    checkFile(xapi.resolve("yetanalytics-xapi-schema/xapi_schema_statements_invalid.ndjson"), Expect.INVALID,
        XapiVersion.V1_0_3, -1);
    checkFile(xapi.resolve("h5p-php-report/h5p_report_readme_statements.ndjson"), Expect.VALID, XapiVersion.V1_0_3,
        H5P_COMPOUND_LINE);
    checkH5pGetXapiData(xapi.resolve("h5p-php-report/h5p_single_choice_set_getXAPIData.json"));
    checkFile(xapi.resolve("yetanalytics-datasim/datasim_dev_example_statements.ndjson"), Expect.VALID,
        XapiVersion.V1_0_3, -1);
    checkFile(xapi.resolve("yetanalytics-datasim/datasim_tccc_dev_statements.ndjson"), Expect.VALID,
        XapiVersion.V1_0_3, -1);

    System.out.println("xAPI corpus conformance:\n" + summary + String.format("  %-62s %-7s %4d/%4d%n", "TOTAL",
        "", totalPassed, totalChecked));
    assertThat(failures).as("statements classified wrongly (" + failures.size() + ")").isEmpty();
  }

  private enum Expect {
    VALID, INVALID
  }

  /** Checks every line; {@code compoundLine} (1-based, -1 for none) is expected invalid for interactionType. */
  private void checkFile(Path file, Expect expect, XapiVersion version, int compoundLine) throws IOException {
    assertThat(file).as("corpus file").exists();
    List<String> lines = Files.readAllLines(file);
    List<String> labels = AdlConformanceCorpus.labelsOf(file);
    int passed = 0;
    int superseded = 0;
    for (int i = 0; i < lines.size(); i++) {
      Expect lineExpect = i + 1 == compoundLine ? Expect.INVALID : expect;
      if (expect == Expect.INVALID && i < labels.size() && AdlConformanceCorpus.superseded(file, labels.get(i))) {
        lineExpect = Expect.VALID;
        superseded++;
      }
      List<Violation> violations = validator.validateBatch(MAPPER.readTree(lines.get(i)), version);
      boolean ok = lineExpect == Expect.VALID ? violations.isEmpty() : !violations.isEmpty();
      if (i + 1 == compoundLine) {
        ok = violations.stream().anyMatch(v -> v.rule().equals("interaction.type"));
      }
      // The normaliser must agree with the validator and map every accepted shape without throwing.
      var normalized = normalizer.normalize("corpus", lines.get(i).getBytes(StandardCharsets.UTF_8), 0L);
      if (violations.isEmpty() != normalized instanceof StatementNormalizer.Accepted) {
        ok = false;
        violations = List.of(new Violation("$", "test.normalizer-disagrees", "normaliser gave " + normalized));
      }
      if (ok && VERBOSE && lineExpect == Expect.INVALID) {
        System.out.println(xapi.relativize(file) + ":" + (i + 1) + " [" + (i < labels.size() ? labels.get(i) : "")
            + "] -> " + violations.stream().map(v -> v.path() + " " + v.rule()).toList());
      }
      if (ok) {
        passed++;
      } else {
        failures.add(xapi.relativize(file) + " line " + (i + 1) + " expected " + lineExpect + " ["
            + (i < labels.size() ? labels.get(i) : "no label") + "] got "
            + violations.stream().map(Violation::describe).toList());
      }
    }
    count(passed, lines.size());
    summary.append(String.format("  %-62s %-7s %4d/%4d%s%n", xapi.relativize(file), expect, passed, lines.size(),
        superseded > 0 ? " (" + superseded + " superseded by 1.0.3, expected valid)" : ""));
  }

  private void checkInteractionDefinitions(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int passed = 0;
    for (int i = 0; i < lines.size(); i++) {
      ObjectNode statement = (ObjectNode) MAPPER.readTree("{\"actor\":{\"mbox\":\"mailto:a@example.com\"},"
          + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
          + "\"object\":{\"id\":\"http://example.com/question\"}}");
      ((ObjectNode) statement.get("object")).set("definition", MAPPER.readTree(lines.get(i)));
      List<Violation> violations = validator.validate(statement, XapiVersion.V1_0_3, "$");
      if (violations.isEmpty()) {
        passed++;
      } else {
        failures.add(xapi.relativize(file) + " line " + (i + 1) + " expected VALID got "
            + violations.stream().map(Violation::describe).toList());
      }
    }
    count(passed, lines.size());
    summary.append(String.format("  %-62s %-7s %4d/%4d%n", xapi.relativize(file), Expect.VALID, passed,
        lines.size()));
  }

  /** The printed getXAPIData() result: a "compound" parent (rejected, see class doc) and 3 valid child statements. */
  private void checkH5pGetXapiData(Path file) throws IOException {
    JsonNode data = MAPPER.readTree(file.toFile());
    int passed = 0;
    int total = 0;
    List<Violation> parent = validator.validate(data.get("statement"), XapiVersion.V1_0_3, "$");
    total++;
    if (parent.stream().anyMatch(v -> v.rule().equals("interaction.type"))) {
      passed++;
    } else {
      failures.add(xapi.relativize(file) + " statement expected INVALID (interactionType compound) got " + parent);
    }
    for (JsonNode child : data.get("children")) {
      total++;
      List<Violation> violations = validator.validate(child.get("statement"), XapiVersion.V1_0_3, "$");
      if (violations.isEmpty()) {
        passed++;
      } else {
        failures.add(xapi.relativize(file) + " child expected VALID got "
            + violations.stream().map(Violation::describe).toList());
      }
    }
    count(passed, total);
    summary.append(String.format("  %-62s %-7s %4d/%4d (parent compound expected invalid)%n",
        xapi.relativize(file), "MIXED", passed, total));
  }

  private void count(int passed, int checked) {
    totalPassed += passed;
    totalChecked += checked;
  }
}
