package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The statements of ADL's LRS conformance suite in the shared corpus ({@code xapi/adl-lrs-conformance}), each with
 * what an LRS must answer: accepted for {@code *_valid}, refused for {@code *_invalid}, except the 1.0.2 requirements
 * that xAPI 1.0.3 dropped. Used by the validator's corpus test and by the endpoint's.
 */
public final class AdlConformanceCorpus {

  /**
   * 1.0.2 suite requirements that xAPI 1.0.3 dropped: the 1.0.3 suite expects the very same body to be accepted
   * ("statement activity "definition" missing all properties" is a 200 case in v1_0_3). We validate 1.0.3 rules, so
   * these 1.0.2 "invalid" lines are expected valid and counted apart in the summary.
   */
  private static final List<String> SUPERSEDED_1_0_2_SUITES = List.of(
      "An Activity Definition contains at least one of the following properties");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One statement of the suite.
   *
   * @param line 1-based line in {@code file}
   * @param label the suite and test the statement comes from, or "no label"
   */
  public record Case(Path file, int line, String json, XapiVersion version, boolean valid, boolean superseded,
      String label) {
  }

  private AdlConformanceCorpus() {
  }

  /** Every statement of every statements file under {@code xapi/adl-lrs-conformance}. */
  public static List<Case> cases(Path xapi) throws IOException {
    List<Case> cases = new ArrayList<>();
    for (Path f : files(xapi)) {
      boolean valid = f.getFileName().toString().contains("_valid");
      List<String> lines = Files.readAllLines(f);
      List<String> labels = labelsOf(f);
      for (int i = 0; i < lines.size(); i++) {
        String label = i < labels.size() ? labels.get(i) : "no label";
        boolean superseded = !valid && superseded(f, label);
        cases.add(new Case(f, i + 1, lines.get(i), version(f), valid || superseded, superseded, label));
      }
    }
    return cases;
  }

  /** The suite's statements files ({@code *.ndjson} but not their {@code .labels.ndjson}), sorted by name. */
  static List<Path> files(Path xapi) throws IOException {
    try (Stream<Path> files = Files.list(xapi.resolve("adl-lrs-conformance"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".ndjson"))
          .filter(f -> !f.getFileName().toString().endsWith(".labels.ndjson"))
          .sorted().toList();
    }
  }

  static XapiVersion version(Path file) {
    return file.getFileName().toString().startsWith("v2_0") ? XapiVersion.V2_0_0 : XapiVersion.V1_0_3;
  }

  /** An "invalid" 1.0.2 case whose requirement 1.0.3 dropped, so that it is expected valid. */
  static boolean superseded(Path file, String label) {
    return file.getFileName().toString().startsWith("v1_0_2")
        && SUPERSEDED_1_0_2_SUITES.stream().anyMatch(label::startsWith);
  }

  /** The suite and test of each line, from the file's {@code .labels.ndjson} sibling; empty when there is none. */
  static List<String> labelsOf(Path file) throws IOException {
    Path labels = file.resolveSibling(file.getFileName().toString().replace(".ndjson", ".labels.ndjson"));
    List<String> out = new ArrayList<>();
    if (!Files.exists(labels)) {
      return out;
    }
    for (String line : Files.readAllLines(labels)) {
      JsonNode label = MAPPER.readTree(line);
      JsonNode suite = label.get("suite");
      JsonNode test = label.get("test");
      JsonNode origin = label.get("origin");
      out.add(suite != null
          ? suite.asText() + " / " + (test == null ? "" : test.asText())
          : origin != null ? origin.asText() : line);
    }
    return out;
  }
}
