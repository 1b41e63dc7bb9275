package org.learnstream.pipeline.mastery.bestlr;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Best-LR model as a versioned JSON file: weights by name (skills and items in column order), so a reader
 * rebuilds the same columns.
 * {@code {"format": "learnstream-best-lr", "formatVersion": 1, "modelVersion": "best-lr/ID", "bias": b,
 * "overall": {"successes": w, "failures": w}, "skills": {"id": {"effect", "successes", "failures"}},
 * "items": {"id": w}}}.
 */
public final class BestLrModelFile {

  public static final String FORMAT = "learnstream-best-lr";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BestLrModelFile() {
  }

  record CountWeights(@JsonProperty("successes") double successes, @JsonProperty("failures") double failures) {
  }

  record SkillWeights(@JsonProperty("effect") double effect, @JsonProperty("successes") double successes,
      @JsonProperty("failures") double failures) {
  }

  record Stored(@JsonProperty("format") String format,
      @JsonProperty("formatVersion") int formatVersion,
      @JsonProperty("modelVersion") String modelVersion,
      @JsonProperty("regularisationC") double regularisationC,
      @JsonProperty("trainedOnResponses") int trainedOnResponses,
      @JsonProperty("bias") double bias,
      @JsonProperty("overall") CountWeights overall,
      @JsonProperty("skills") LinkedHashMap<String, SkillWeights> skills,
      @JsonProperty("items") LinkedHashMap<String, Double> items) {
  }

  public static void write(Path file, BestLrModel model, double regularisationC, int trainedOnResponses)
      throws IOException {
    FeatureLayout layout = model.layout();
    double[] w = model.weights();
    LinkedHashMap<String, SkillWeights> skills = new LinkedHashMap<>();
    for (String skill : layout.skills()) {
      int column = layout.skillColumn(skill);
      skills.put(skill, new SkillWeights(w[column], w[column + 1], w[column + 2]));
    }
    LinkedHashMap<String, Double> items = new LinkedHashMap<>();
    for (String item : layout.items()) {
      items.put(item, w[layout.itemColumn(item)]);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), new Stored(FORMAT, FORMAT_VERSION, model.version(), regularisationC,
        trainedOnResponses, model.bias(),
        new CountWeights(w[FeatureLayout.OVERALL_SUCCESSES], w[FeatureLayout.OVERALL_FAILURES]), skills, items));
  }

  /** Reads a file written by {@link #write}; errors name the file and what is wrong with it. */
  public static BestLrModel read(Path file) throws IOException {
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "Best-LR model file does not exist");
    } catch (JacksonException e) {
      throw new IOException("model file " + file + " is not JSON: " + e.getOriginalMessage(), e);
    }
    // The format first: a BKT parameter file given by mistake is named as such, not as a missing field.
    if (tree == null || !FORMAT.equals(tree.path("format").asText(null))) {
      throw new IOException("model file " + file + " is not a Best-LR model: \"format\" must be \"" + FORMAT
          + "\" (a file written by learnstream fit --model best-lr)");
    }
    Stored stored;
    try {
      stored = JSON.treeToValue(tree, Stored.class);
    } catch (JacksonException e) {
      throw new IOException("model file " + file + " is not a valid Best-LR model: " + e.getOriginalMessage(), e);
    }
    if (stored.formatVersion() != FORMAT_VERSION) {
      throw new IOException("model file " + file + " has formatVersion " + stored.formatVersion()
          + "; this build reads version " + FORMAT_VERSION);
    }
    if (stored.overall() == null) {
      throw new IOException("model file " + file + " has no \"overall\" weights");
    }
    Map<String, SkillWeights> skills = stored.skills() == null ? Map.of() : stored.skills();
    Map<String, Double> items = stored.items() == null ? Map.of() : stored.items();
    FeatureLayout layout = new FeatureLayout(new ArrayList<>(skills.keySet()), new ArrayList<>(items.keySet()));
    double[] w = new double[layout.columnCount()];
    w[FeatureLayout.OVERALL_SUCCESSES] = stored.overall().successes();
    w[FeatureLayout.OVERALL_FAILURES] = stored.overall().failures();
    for (Map.Entry<String, SkillWeights> skill : skills.entrySet()) {
      int column = layout.skillColumn(skill.getKey());
      w[column] = skill.getValue().effect();
      w[column + 1] = skill.getValue().successes();
      w[column + 2] = skill.getValue().failures();
    }
    for (Map.Entry<String, Double> item : items.entrySet()) {
      w[layout.itemColumn(item.getKey())] = item.getValue();
    }
    try {
      return new BestLrModel(stored.modelVersion(), layout, w, stored.bias());
    } catch (IllegalArgumentException e) {
      throw new IOException("model file " + file + ": " + e.getMessage(), e);
    }
  }
}
