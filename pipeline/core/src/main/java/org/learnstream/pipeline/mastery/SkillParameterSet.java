package org.learnstream.pipeline.mastery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * BKT parameters per skill with defaults for skills never fitted, identified by an id that becomes the model
 * version of every mastery update computed with it. Stored as JSON:
 * {@code {"id": "...", "defaults": {prior, learn, guess, slip, forget}, "skills": {"skill": {...}}}}.
 */
public final class SkillParameterSet implements java.io.Serializable {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String id;
  private final BktParameters defaults;
  private final Map<String, BktParameters> skills;

  public SkillParameterSet(String id, BktParameters defaults, Map<String, BktParameters> skills) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("parameter set id must not be blank, e.g. assistments09-2026-11-22");
    }
    this.id = id;
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.skills = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(skills, "skills")));
  }

  /** Only {@link BktParameters#DEFAULTS}, id {@code defaults}. */
  public static SkillParameterSet defaultsOnly() {
    return new SkillParameterSet("defaults", BktParameters.DEFAULTS, Map.of());
  }

  public String id() {
    return id;
  }

  public BktParameters defaults() {
    return defaults;
  }

  public Map<String, BktParameters> skills() {
    return skills;
  }

  public boolean isFitted(String skill) {
    return skills.containsKey(skill);
  }

  public BktParameters forSkill(String skill) {
    return skills.getOrDefault(skill, defaults);
  }

  /** The model version written on mastery updates, e.g. {@code bkt/defaults}. */
  public String modelVersion() {
    return "bkt/" + id;
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), new Stored(id, defaults, skills));
  }

  /** Reads a file written by {@link #write}; errors name the file and what is wrong. */
  public static SkillParameterSet read(Path file) throws IOException {
    Stored stored;
    try {
      stored = JSON.readValue(Files.readAllBytes(file), Stored.class);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "parameter file does not exist");
    } catch (JacksonException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IOException("parameter file " + file + " is not a valid BKT parameter set: "
          + cause.getMessage(), e);
    }
    if (stored == null || stored.defaults() == null) {
      throw new IOException("parameter file " + file + " has no \"defaults\" object");
    }
    try {
      return new SkillParameterSet(stored.id(), stored.defaults(),
          stored.skills() == null ? Map.of() : stored.skills());
    } catch (IllegalArgumentException e) {
      throw new IOException("parameter file " + file + ": " + e.getMessage(), e);
    }
  }

  private record Stored(@JsonProperty("id") String id,
      @JsonProperty("defaults") BktParameters defaults,
      @JsonProperty("skills") Map<String, BktParameters> skills) {
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SkillParameterSet other && id.equals(other.id) && defaults.equals(other.defaults)
        && skills.equals(other.skills);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, defaults, skills);
  }

  @Override
  public String toString() {
    return "SkillParameterSet{" + id + ", " + skills.size() + " skills}";
  }
}
