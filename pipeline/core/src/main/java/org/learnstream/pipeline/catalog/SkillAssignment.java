package org.learnstream.pipeline.catalog;

import java.util.ArrayList;
import java.util.List;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MappedSkill;
import org.learnstream.schemas.SkillMapping;

/**
 * Which skills a response is evidence for. Skills the statement names itself (the context extension
 * {@code https://learnstream.org/xapi/extensions/skills}) win; otherwise the content catalog's mapping of the
 * activity; otherwise the first of the {@link SkillRules} that matches; otherwise the activity itself stands in for a
 * skill, and the response counts as unmapped so the gap in the catalog and the rules is visible.
 *
 * <p>The normaliser writes {@code skills = [objectId]} when the statement names no skill, so that exact shape is
 * read as "not named by the statement".
 */
public final class SkillAssignment {

  /** Where the skills came from. */
  public enum Source {
    STATEMENT, CATALOG, RULE, UNMAPPED
  }

  /** The skills (never empty for a response with an activity) and their source. */
  public record Result(List<String> skills, Source source) {
  }

  private SkillAssignment() {
  }

  /** @param mapping the catalog entry of the event's object id, or null when the catalog has none */
  public static Result assign(LearningEvent event, SkillMapping mapping) {
    return assign(event, mapping, SkillRules.none());
  }

  /**
   * @param mapping the catalog entry of the event's object id, or null when the catalog has none
   * @param rules   the mapping rules, asked only when neither the statement nor the catalog names skills
   */
  public static Result assign(LearningEvent event, SkillMapping mapping, SkillRules rules) {
    List<String> skills = event.getSkills();
    if (namedByStatement(event)) {
      return new Result(skills, Source.STATEMENT);
    }
    if (mapping != null && !mapping.getSkills().isEmpty()) {
      List<String> mapped = new ArrayList<>(mapping.getSkills().size());
      for (MappedSkill skill : mapping.getSkills()) {
        if (!mapped.contains(skill.getId())) {
          mapped.add(skill.getId());
        }
      }
      return new Result(mapped, Source.CATALOG);
    }
    if (!rules.isEmpty()) {
      List<String> ruled = rules.skillsFor(RuleSubject.of(event, rules.readsContext()));
      if (!ruled.isEmpty()) {
        return new Result(ruled, Source.RULE);
      }
    }
    return new Result(skills, Source.UNMAPPED);
  }

  /** True when the statement listed its skills itself rather than the normaliser falling back to the activity. */
  public static boolean namedByStatement(LearningEvent event) {
    List<String> skills = event.getSkills();
    return !skills.isEmpty() && !(skills.size() == 1 && skills.get(0).equals(event.getObjectId()));
  }
}
