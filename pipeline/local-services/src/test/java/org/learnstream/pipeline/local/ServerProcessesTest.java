package org.learnstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerProcessesTest {

  /**
   * As an orphaned server after its JVM was killed: the process that would reap it does not (here a parent that only
   * sleeps; there PID 1, seconds late), so once SIGTERM ends it, it stays a zombie that ProcessHandle counts alive.
   */
  @Test
  void aServerThatExitsOnSigtermIsGoneEvenWhileNobodyHasReapedIt() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sleep 300 & echo $!; exec sleep 300").start();
    try {
      long pid;
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))) {
        pid = Long.parseLong(out.readLine().strip());
      }
      ProcessHandle server = ProcessHandle.of(pid).orElseThrow();

      assertThat(ServerProcesses.terminate(server, Duration.ofSeconds(60))).isEqualTo(ServerProcesses.Ending.EXITED);
      assertThat(ServerProcesses.running(server)).as("running").isFalse();
      assertThat(server.isAlive()).as("alive to ProcessHandle: a zombie nobody reaped").isTrue();
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }
}
