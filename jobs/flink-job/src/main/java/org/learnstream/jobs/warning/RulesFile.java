package org.learnstream.jobs.warning;

import java.io.Serializable;
import java.nio.file.Path;
import org.learnstream.jobs.config.WatchedFile;
import org.learnstream.pipeline.warning.RulesConfig;
import org.learnstream.pipeline.warning.WarningRules;

/**
 * Per-tenant rules from a YAML (or JSON) file, re-read when the file changes (checked at most every
 * {@code checkEveryMillis}). A broken edit keeps the last good rules and is logged; no path means built-in rules.
 */
public final class RulesFile implements Serializable {

  private static final String SETTING = "warning.rules-file";

  private final WatchedFile<RulesConfig> file;
  private transient RulesConfig builtIn;

  public RulesFile(String path, long checkEveryMillis) {
    this.file = path == null || path.isBlank()
        ? null
        : new WatchedFile<>(SETTING, path, "early-warning rules", checkEveryMillis, RulesFile::load);
  }

  /** Reads and validates the file now; throws with the setting and what to fix when it is broken. */
  public static RulesConfig load(Path file) {
    return RulesConfig.fromTree(WatchedFile.readMapping(file, SETTING, "default and tenants"), file.toString());
  }

  public WarningRules rulesFor(String tenant) {
    return config(System.currentTimeMillis()).rulesFor(tenant);
  }

  RulesConfig config(long now) {
    if (file != null) {
      return file.get(now);
    }
    if (builtIn == null) {
      builtIn = RulesConfig.builtIn();
    }
    return builtIn;
  }
}
