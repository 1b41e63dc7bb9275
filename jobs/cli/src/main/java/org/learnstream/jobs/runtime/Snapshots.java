package org.learnstream.jobs.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

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
