package org.learnstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {

  @Test
  void portsAskedTogetherAreDifferent() {
    assertThat(FreePorts.find(64)).hasSize(64).doesNotHaveDuplicates().doesNotContain(0);
  }

  @Test
  void aServerOnAKeptDirectoryGetsItsRecordedPortsBackWhenTheyAreFree(@TempDir Path dir) {
    Path file = dir.resolve("ports");
    int[] first = FreePorts.kept(file, 2);

    assertThat(FreePorts.kept(file, 2)).containsExactly(first);
  }

  @Test
  void serversChosenApartShareNoPortEvenWhenTheirRecordsCollide(@TempDir Path dir) throws Exception {
    int[] free = FreePorts.find(3);
    Path kafka = dir.resolve("kafka-ports");
    Path clickHouse = dir.resolve("clickhouse-ports");
    Files.writeString(kafka, free[0] + " " + free[1]);
    Files.writeString(clickHouse, free[1] + " " + free[2]);

    List<int[]> ports = FreePorts.keptApart(2, kafka, clickHouse);

    assertThat(ports.get(0)).containsExactly(free[0], free[1]);
    assertThat(IntStream.concat(IntStream.of(ports.get(0)), IntStream.of(ports.get(1))).toArray())
        .doesNotHaveDuplicates();
    assertThat(Files.readString(clickHouse).strip())
        .isEqualTo(ports.get(1)[0] + " " + ports.get(1)[1]);
  }
}
