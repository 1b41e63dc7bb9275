package org.learnstream.pipeline.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.learnstream.schemas.MappedSkill;
import org.learnstream.schemas.SkillMapping;

/**
 * A content catalog file: which skills each activity is evidence for, each skill with a name and the standards it
 * aligns to. JSON:
 * <pre>{@code
 * {"version": "2026-09",
 *  "activities": [
 *    {"activityId": "https://lms.example/activities/q1",
 *     "skills": [{"id": "fractions.equivalence", "name": "Equivalent fractions",
 *                 "standards": ["CCSS.MATH.CONTENT.4.NF.A.1"]}]}]}
 * }</pre>
 */
public final class ContentCatalogFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentCatalogFile() {
  }

  /** The catalog as {@code content.catalog} records; errors name the file, the entry and the rule. */
  public static List<SkillMapping> read(Path file) throws IOException {
    Stored stored;
    try {
      stored = JSON.readValue(Files.readAllBytes(file), Stored.class);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "content catalog file does not exist");
    } catch (JacksonException e) {
      throw new IOException("content catalog " + file + " is not valid JSON of the documented shape: "
          + e.getOriginalMessage(), e);
    }
    if (stored == null || stored.version() == null || stored.version().isBlank()) {
      throw new IOException("content catalog " + file + ": \"version\" must be set, e.g. \"2026-09\"");
    }
    List<SkillMapping> mappings = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<StoredActivity> activities = stored.activities() == null ? List.of() : stored.activities();
    for (int i = 0; i < activities.size(); i++) {
      StoredActivity activity = activities.get(i);
      String where = "content catalog " + file + ": activities[" + i + "]";
      if (activity.activityId() == null || activity.activityId().isBlank()) {
        throw new IOException(where + ".activityId must be set to the activity IRI");
      }
      if (!seen.add(activity.activityId())) {
        throw new IOException(where + ".activityId " + activity.activityId() + " appears twice");
      }
      List<MappedSkill> skills = new ArrayList<>();
      List<StoredSkill> listed = activity.skills() == null ? List.of() : activity.skills();
      for (int j = 0; j < listed.size(); j++) {
        StoredSkill skill = listed.get(j);
        if (skill.id() == null || skill.id().isBlank()) {
          throw new IOException(where + ".skills[" + j + "].id must be set");
        }
        skills.add(new MappedSkill(skill.id(), skill.name(),
            skill.standards() == null ? List.of() : List.copyOf(skill.standards())));
      }
      mappings.add(new SkillMapping(activity.activityId(), stored.version(), skills));
    }
    return mappings;
  }

  private record Stored(@JsonProperty("version") String version,
      @JsonProperty("activities") List<StoredActivity> activities) {
  }

  private record StoredActivity(@JsonProperty("activityId") String activityId,
      @JsonProperty("skills") List<StoredSkill> skills) {
  }

  private record StoredSkill(@JsonProperty("id") String id, @JsonProperty("name") String name,
      @JsonProperty("standards") List<String> standards) {
  }
}
