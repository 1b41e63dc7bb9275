package org.learnstream.pipeline.local;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalClickHouseTest {

  @Test
  void startsAnswersQueriesAndLeavesNoProcessOrDirectoryBehind() throws Exception {
    long pid;
    Path dir;
    long started = System.nanoTime();
    try (LocalClickHouse server = LocalClickHouse.start()) {
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
      pid = server.pid();
      dir = server.baseDir();
      assertThat(Files.readString(dir.resolve(LocalClickHouse.PID_FILE)).strip()).isEqualTo(Long.toString(pid));
      try (Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(server.httpUrl(), "default"))) {
        assertThat(client.ping(2000)).isTrue();
        assertThat(ClickHouseQueries.scalarLong(client,
            "SELECT sum(number) FROM (SELECT number FROM system.numbers LIMIT 101)"))
            .isEqualTo(5050);
      }
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(dir).doesNotExist();
  }

  @Test
  void keepsDataAcrossStopAndRestartOnTheSamePort(@TempDir Path baseDir) {
    try (LocalClickHouse server = LocalClickHouse.start(baseDir)) {
      int port = server.httpPort();
      try (Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(server.httpUrl(), "default"))) {
        ClickHouseQueries.execute(client, "CREATE TABLE default.kept (n UInt32) ENGINE = MergeTree() ORDER BY n");
        ClickHouseQueries.execute(client, "INSERT INTO default.kept VALUES (1), (2), (3)");
        long firstPid = server.pid();
        server.stop();
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        server.restart();
        assertThat(server.httpPort()).isEqualTo(port);
        assertThat(ClickHouseQueries.count(client, "default.kept")).isEqualTo(3);
      }
    }
    assertThat(baseDir.resolve("data")).isDirectory();
  }

  @Test
  void aNewStartInTheSameDirectoryStopsTheServerAKilledJvmLeftBehind(@TempDir Path baseDir) {
    LocalClickHouse orphan = LocalClickHouse.start(baseDir); // stands for a server whose JVM died without closing it
    long orphanPid = orphan.pid();
    try (LocalClickHouse next = LocalClickHouse.start(baseDir)) {
      assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      try (Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(next.httpUrl(), "default"))) {
        assertThat(ClickHouseQueries.scalarLong(client, "SELECT 1")).isEqualTo(1);
      }
    } finally {
      orphan.close();
    }
  }

  @Test
  void saysHowToInstallTheServerWhenItIsNotOnThePath(@TempDir Path emptyDir) {
    assertThat(LocalClickHouse.findOnPath(emptyDir.toString())).isEmpty();
    assertThatThrownBy(() -> LocalClickHouse.start(LocalClickHouseSettings.defaults()
        .withBinary(emptyDir.resolve("clickhouse-server"))))
        .hasMessageContaining("apt-get install clickhouse-server")
        .hasMessageContaining("URL");
  }

  @Test
  void reportsTheServerLogWhenTheServerCannotStart(@TempDir Path dir) throws Exception {
    Path fake = dir.resolve("clickhouse-server");
    Files.writeString(fake, "#!/bin/sh\necho 'fake server: broken config' >&2\nexit 3\n");
    fake.toFile().setExecutable(true);
    assertThatThrownBy(() -> LocalClickHouse.start(LocalClickHouseSettings.defaults().withBinary(fake)))
        .hasMessageContaining("exited during start-up")
        .hasMessageContaining("fake server: broken config");
  }

  @Test
  void startsOnOtherPortsWhenAPortIsTakenBeforeTheServerBindsIt(@TempDir Path dir) throws Exception {
    Path attempts = dir.resolve("attempts");
    Path fake = clashingServer(dir, attempts, "exec " + LocalClickHouse.findOnPath() + " \"$@\"");
    try (LocalClickHouse server = LocalClickHouse.start(LocalClickHouseSettings.defaults().withBinary(fake));
        Client client = ClickHouseClients.create(ClickHouseEndpoint.withoutPassword(server.httpUrl(), "default"))) {
      assertThat(ClickHouseQueries.scalarLong(client, "SELECT 1")).isEqualTo(1);
    }
    assertThat(Files.readAllLines(attempts)).hasSize(2);
  }

  @Test
  void givesUpAfterThreeStartsThatAllFindAPortTaken(@TempDir Path dir) throws Exception {
    Path attempts = dir.resolve("attempts");
    Path fake = clashingServer(dir, attempts, "echo 'Net Exception: Address already in use: 127.0.0.1:2' >&2; exit 70");
    assertThatThrownBy(() -> LocalClickHouse.start(LocalClickHouseSettings.defaults().withBinary(fake)))
        .hasMessageContaining("Address already in use");
    assertThat(Files.readAllLines(attempts)).hasSize(3);
  }

  @Test
  void anOlderStartsTakenPortInAKeptDirectoryIsNeitherRetriedNorReportedForANewFailure(@TempDir Path dir)
      throws Exception {
    Path kept = Files.createDirectories(dir.resolve("kept").resolve("log"));
    Files.writeString(kept.resolve("clickhouse-server.err.log"),
        "Net Exception: Address already in use: 127.0.0.1:3 (an earlier start)\n");
    Path attempts = dir.resolve("attempts");
    Path fake = dir.resolve("clickhouse-server");
    Files.writeString(fake,
        "#!/bin/sh\necho start >> " + attempts + "\necho 'fake server: broken config' >&2\nexit 3\n");
    fake.toFile().setExecutable(true);

    assertThatThrownBy(() -> LocalClickHouse.start(LocalClickHouseSettings.defaults().withBinary(fake)
        .withBaseDir(dir.resolve("kept")).withKeepData(true)))
        .hasMessageContaining("fake server: broken config")
        .hasMessageNotContaining("Address already in use");
    assertThat(Files.readAllLines(attempts)).as("starts").hasSize(1);
  }

  /** A stand-in whose first start fails as clickhouse-server does on a taken port; later ones run {@code then}. */
  private static Path clashingServer(Path dir, Path attempts, String then) throws Exception {
    Path fake = dir.resolve("clickhouse-server");
    Files.writeString(fake, "#!/bin/sh\n"
        + "echo start >> " + attempts + "\n"
        + "if [ \"$(wc -l < " + attempts + ")\" -eq 1 ]; then\n"
        + "  echo 'Net Exception: Address already in use: 127.0.0.1:1' >&2; exit 70\n"
        + "fi\n"
        + then + "\n");
    fake.toFile().setExecutable(true);
    return fake;
  }
}
