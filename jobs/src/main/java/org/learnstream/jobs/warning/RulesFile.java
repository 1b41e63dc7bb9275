package org.learnstream.jobs.warning;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.learnstream.pipeline.warning.RulesConfig;
import org.learnstream.pipeline.warning.WarningRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Per-tenant rules from a YAML (or JSON) file, re-read when the file changes (checked at most every
 * {@code checkEveryMillis}). A broken edit keeps the last good rules and is logged; no path means built-in rules.
 */
public final class RulesFile implements Serializable {

  private static final Logger LOG = LoggerFactory.getLogger(RulesFile.class);

  private final String path;
  private final long checkEveryMillis;
  private transient RulesConfig current;
  private transient long modified = Long.MIN_VALUE;
  private transient long checkedAt = Long.MIN_VALUE;

  public RulesFile(String path, long checkEveryMillis) {
    this.path = path == null || path.isBlank() ? null : path;
    this.checkEveryMillis = checkEveryMillis;
  }

  /** Reads and validates the file now; throws with the setting and what to fix when it is broken. */
  public static RulesConfig load(Path file) {
    try (Reader r = Files.newBufferedReader(file)) {
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      if (tree != null && !(tree instanceof Map)) {
        throw new IllegalArgumentException(file + ": the rules file must be a mapping with default and tenants");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) tree;
      return RulesConfig.fromTree(map, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("warning.rules-file " + file + " cannot be read: " + e.getMessage()
          + "; fix the path or remove the setting to use the built-in rules", e);
    }
  }

  public WarningRules rulesFor(String tenant) {
    return config(System.currentTimeMillis()).rulesFor(tenant);
  }

  RulesConfig config(long now) {
    if (path == null) {
      if (current == null) {
        current = RulesConfig.builtIn();
      }
      return current;
    }
    if (current == null || now - checkedAt >= checkEveryMillis) {
      checkedAt = now;
      Path file = Path.of(path);
      try {
        long m = Files.getLastModifiedTime(file).toMillis();
        if (current == null || m != modified) {
          RulesConfig loaded = load(file);
          modified = m;
          if (current != null) {
            LOG.info("Reloaded early-warning rules from {}", file);
          }
          current = loaded;
        }
      } catch (IOException | RuntimeException e) {
        if (current == null) {
          throw e instanceof RuntimeException re ? re
              : new IllegalArgumentException("warning.rules-file " + file + " cannot be read: " + e.getMessage(), e);
        }
        LOG.warn("Keeping the previous early-warning rules: {}", e.getMessage());
      }
    }
    return current;
  }
}
