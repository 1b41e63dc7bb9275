package org.learnstream.pipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.catalog.CaseFramework;
import org.learnstream.pipeline.catalog.FrameworkItem;

/**
 * A skill framework over generated courses, so that the roll-up up the standards has something to show on generated
 * data: one domain item per course with its skills as standards below it, each skill's code its skill id (the name
 * mastery is kept under).
 */
public final class GeneratedFramework {

  private static final String BASE = "https://learnstream.example/frameworks/generated/";

  private GeneratedFramework() {
  }

  /** The framework of {@code courseSkills} (course -> its skills). */
  public static CaseFramework of(Map<String, List<String>> courseSkills) {
    List<FrameworkItem> items = new ArrayList<>();
    courseSkills.forEach((course, skills) -> {
      items.add(new FrameworkItem("domain-" + course, BASE + "domain-" + course, course, "Skills of " + course,
          "Domain", List.of()));
      skills.forEach(skill -> items.add(new FrameworkItem("skill-" + skill, BASE + "skill-" + skill, skill,
          "Skill " + skill, "Standard", List.of("domain-" + course))));
    });
    return new CaseFramework("generated", BASE, "Generated courses", items);
  }
}
