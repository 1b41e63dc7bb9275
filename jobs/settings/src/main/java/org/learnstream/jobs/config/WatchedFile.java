package org.learnstream.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A settings file that a running job re-reads when it changes (checked at most every {@code checkEveryMillis}).
 * The first read must succeed; a broken edit later keeps the last good content and is logged, so a typo never
 * stops the job or changes what it does.
 */
public final class WatchedFile<T> implements Serializable {

  /** Reads and validates the file; throws with the place and what to fix when it is broken. */
  public interface Loader<T> extends Serializable {
    T load(Path file);
  }

  private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);

  private final String setting;
  private final String path;
  private final String what;
  private final long checkEveryMillis;
  private final Loader<T> loader;
  private transient T current;
  private transient long modified = Long.MIN_VALUE;
  private transient long checkedAt = Long.MIN_VALUE;

  /**
   * @param setting the setting naming the file, for messages
   * @param what    what the file holds, for messages ("early-warning rules")
   */
  public WatchedFile(String setting, String path, String what, long checkEveryMillis, Loader<T> loader) {
    this.setting = setting;
    this.path = path;
    this.what = what;
    this.checkEveryMillis = checkEveryMillis;
    this.loader = loader;
  }

  /** A YAML (or JSON) file's top level as a mapping, or null when the file is empty. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readMapping(Path file, String setting, String expected) {
    try (Reader r = Files.newBufferedReader(file)) {
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      if (tree != null && !(tree instanceof Map)) {
        throw new IllegalArgumentException(file + ": the file must be a mapping with " + expected);
      }
      return (Map<String, Object>) tree;
    } catch (IOException e) {
      throw unreadable(setting, file, e);
    }
  }

  private static IllegalArgumentException unreadable(String setting, Path file, IOException e) {
    return new IllegalArgumentException(setting + " " + file + " cannot be read: " + e.getMessage()
        + "; fix the path or unset " + setting, e);
  }

  /** The content as of {@code now}: re-read when the check interval has passed and the file changed. */
  public T get(long now) {
    if (current != null && now - checkedAt < checkEveryMillis) {
      return current;
    }
    checkedAt = now;
    Path file = Path.of(path);
    try {
      long m = Files.getLastModifiedTime(file).toMillis();
      if (current == null || m != modified) {
        T loaded = loader.load(file);
        modified = m;
        if (current != null) {
          LOG.info("Reloaded {} from {}", what, file);
        }
        current = loaded;
      }
    } catch (IOException | RuntimeException e) {
      if (current == null) {
        throw e instanceof RuntimeException re ? re : unreadable(setting, file, (IOException) e);
      }
      LOG.warn("Keeping the previous {}: {}", what, e.getMessage());
    }
    return current;
  }
}
