package org.learnstream.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterProcessesTest {

  @Test
  void aRecordedProcessIsFoundAgainByALaterReaderOfTheStateDirectory(@TempDir Path dir) {
    new ClusterProcesses(dir).record("jobmanager", ProcessHandle.current());

    List<ClusterProcesses.Entry> entries = new ClusterProcesses(dir).entries();
    assertThat(entries).extracting(ClusterProcesses.Entry::name).containsExactly("jobmanager");
    assertThat(entries.get(0).pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(entries.get(0).alive()).isTrue();
  }

  @Test
  void aPidReusedByAnotherProcessIsNotTakenForTheRecordedOne(@TempDir Path dir) throws Exception {
    long start = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    Files.writeString(dir.resolve(ClusterProcesses.FILE), "kafka-1 " + ProcessHandle.current().pid() + " "
        + (start - 60_000) + "\n");

    assertThat(new ClusterProcesses(dir).entry("kafka-1").orElseThrow().alive()).isFalse();
  }

  @Test
  void recordingANameAgainReplacesItsEntryAndForgettingRemovesIt(@TempDir Path dir) {
    ClusterProcesses records = new ClusterProcesses(dir);
    records.record("kafka-1", ProcessHandle.current());
    records.record("kafka-2", ProcessHandle.current());
    records.record("kafka-1", ProcessHandle.current());
    records.forget("kafka-2");

    assertThat(records.entries()).extracting(ClusterProcesses.Entry::name).containsExactly("kafka-1");
  }

  @Test
  void numberedMembersOfOneKindStopTogether() {
    List<ClusterProcesses.Entry> entries = List.of(entry("serve"), entry("taskmanager-2"), entry("taskmanager-1"),
        entry("jobmanager"), entry("kafka-3"), entry("kafka-2"), entry("kafka-1"), entry("clickhouse"));

    assertThat(ClusterProcesses.groups(entries)).extracting(g -> g.stream().map(ClusterProcesses.Entry::name)
        .toList()).containsExactly(List.of("serve"), List.of("taskmanager-2", "taskmanager-1"),
            List.of("jobmanager"), List.of("kafka-3", "kafka-2", "kafka-1"), List.of("clickhouse"));
  }

  @Test
  void stoppingEverythingEndsEveryMemberOfAGroupAndLeavesNoRecord(@TempDir Path dir) throws Exception {
    Process first = new ProcessBuilder("sleep", "300").start();
    Process second = new ProcessBuilder("sleep", "300").start();
    ClusterProcesses records = new ClusterProcesses(dir);
    records.record("sleeper-1", first.toHandle());
    records.record("sleeper-2", second.toHandle());

    assertThat(records.stopAll(java.time.Duration.ofSeconds(10))).containsExactly("sleeper-2", "sleeper-1");
    // ended once stopAll returns; the JVM's own Process object learns it when its reaper thread collects the exit,
    // which can come a moment later
    assertThat(first.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(second.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(records.entries()).isEmpty();
  }

  private static ClusterProcesses.Entry entry(String name) {
    return new ClusterProcesses.Entry(name, 1, 0);
  }
}
