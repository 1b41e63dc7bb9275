package org.learnstream.pipeline.clickhouse;

import org.learnstream.schemas.MappedSkill;
import org.learnstream.schemas.SkillMapping;

import java.util.ArrayList;
import java.util.List;

/** {@link SkillMapping} (a content catalog entry) -> {@code skill_catalog}; a missing skill name is written as ''. */
public final class SkillMappingEncoder implements RowEncoder<SkillMapping> {

  private static final List<String> COLUMNS = List.of("activity_id", "catalog_version", "skills", "skill_names",
      "skill_standards");

  @Override
  public String table() {
    return "skill_catalog";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void write(SkillMapping mapping, RowBinaryOutput out) {
    List<String> ids = new ArrayList<>(mapping.getSkills().size());
    List<String> names = new ArrayList<>(mapping.getSkills().size());
    List<List<String>> standards = new ArrayList<>(mapping.getSkills().size());
    for (MappedSkill skill : mapping.getSkills()) {
      ids.add(skill.getId());
      names.add(skill.getName() == null ? "" : skill.getName());
      standards.add(skill.getStandards());
    }
    out.string(mapping.getActivityId()).string(mapping.getCatalogVersion())
        .stringArray(ids).stringArray(names).stringArrays(standards);
  }
}
