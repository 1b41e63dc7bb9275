package org.learnstream.jobs.pipeline;

import org.apache.flink.api.connector.source.Source;
import org.learnstream.schemas.SkillMapping;
import org.learnstream.schemas.SkillParameters;

/**
 * The compacted reference topics the projection stage listens to while it runs. Each part may be null: no live
 * updates of that kind (the files named in the settings still apply).
 *
 * @param parameterUpdates {@code skill.parameters} records
 * @param catalogUpdates   {@code content.catalog} records
 */
public record ReferenceData(
    Source<SkillParameters, ?, ?> parameterUpdates,
    Source<SkillMapping, ?, ?> catalogUpdates) {

  public static ReferenceData none() {
    return new ReferenceData(null, null);
  }
}
