package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import java.nio.file.Path;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.config.WatchedFile;
import org.learnstream.pipeline.catalog.SkillRules;

/** The mapping rules file ({@code mastery.skill-rules-file}), YAML or JSON; see {@link SkillRules} for its shape. */
final class SkillRulesFile {

  private SkillRulesFile() {
  }

  /** Reads and validates the file now; errors name the file, the rule's index and the field. */
  static SkillRules load(Path file) {
    String setting = PipelineOptions.SKILL_RULES_FILE.key();
    return SkillRules.fromTree(WatchedFile.readMapping(file, setting, "version and rules"), file.toString());
  }

  /** The rules the settings name, re-read when the file changes; null when no file is set. */
  static WatchedFile<SkillRules> watched(ReadableConfig options) {
    String path = options.getOptional(PipelineOptions.SKILL_RULES_FILE).orElse(null);
    if (path == null || path.isBlank()) {
      return null;
    }
    WatchedFile<SkillRules> file = new WatchedFile<>(PipelineOptions.SKILL_RULES_FILE.key(), path,
        "skill mapping rules", options.get(PipelineOptions.SKILL_RULES_CHECK).toMillis(), SkillRulesFile::load);
    file.get(System.currentTimeMillis()); // a broken file stops the job at start, not at its first response
    return file;
  }
}
