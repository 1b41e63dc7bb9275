package org.learnstream.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {

  @TempDir
  Path dir;

  @Test
  void anEmptyOrMissingDirectoryHasNothingToResumeFrom() {
    assertThat(Snapshots.latest(dir)).isEmpty();
    assertThat(Snapshots.latest(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void theNewestCompleteCheckpointOrSavepointWinsAndACheckpointCutShortIsSkipped() throws Exception {
    snapshot("job-a/chk-3", 1_000);
    Path savepoint = snapshot("savepoints/savepoint-1234-abcd", 2_000);
    Path newest = snapshot("job-b/chk-9", 3_000);
    Files.createDirectories(dir.resolve("job-b/chk-10")); // killed while writing: no _metadata

    assertThat(Snapshots.latest(dir)).contains(newest);
    Files.setLastModifiedTime(savepoint.resolve("_metadata"), FileTime.fromMillis(4_000));
    assertThat(Snapshots.latest(dir)).contains(savepoint);
  }

  @Test
  void otherDirectoriesWithMetadataAreNotSnapshots() throws Exception {
    snapshot("job-a/shared", 5_000);
    Path checkpoint = snapshot("job-a/chk-1", 1_000);
    assertThat(Snapshots.latest(dir)).contains(checkpoint);
  }

  private Path snapshot(String relative, long modifiedMillis) throws Exception {
    Path snapshotDir = Files.createDirectories(dir.resolve(relative));
    Path metadata = Files.writeString(snapshotDir.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    return snapshotDir;
  }
}
