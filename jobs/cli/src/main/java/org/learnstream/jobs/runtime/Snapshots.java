package org.learnstream.jobs.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.learnstream.jobs.config.ConfigException;

/**
 * Finds the snapshot to resume from in a checkpoint directory: the newest complete retained checkpoint
 * ({@code JOBID/chk-N/_metadata}) or savepoint ({@code savepoints/savepoint-*}/_metadata). A snapshot without
 * {@code _metadata} was cut short by a crash and is skipped.
 */
public final class Snapshots {

  private Snapshots() {
  }

  public static Optional<Path> latest(Path checkpointDir) {
    if (!Files.isDirectory(checkpointDir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.find(checkpointDir, 3,
        (path, attrs) -> path.getFileName().toString().equals("_metadata") && attrs.isRegularFile()
            && isSnapshotDir(path.getParent()))) {
      return files.max(Comparator.comparing(Snapshots::modified)).map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + checkpointDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why a job could not start from {@code snapshot}, and the way out: most often the settings changed which operators
   * the pipeline runs, and Flink refuses state that no operator of the new graph takes.
   */
  public static ConfigException notResumable(Path snapshot, Exception failure) {
    Throwable innermost = failure;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return new ConfigException("the pipeline could not resume from " + snapshot + ": " + innermost.getMessage()
        + ". If the settings changed which operators it runs (warning.enabled, a Best-LR model), set them back; or "
        + "start with --fresh, leaving that snapshot's state behind (mastery, deduplication and early warnings "
        + "start empty, and the job reads on from the committed Kafka offsets)");
  }

  private static boolean isSnapshotDir(Path dir) {
    String name = dir.getFileName().toString();
    return name.startsWith("chk-") || name.startsWith("savepoint-");
  }

  private static FileTime modified(Path metadata) {
    try {
      return Files.getLastModifiedTime(metadata);
    } catch (IOException e) {
      return FileTime.fromMillis(0); // removed while listing (Flink subsumed it): never the newest
    }
  }
}
