package org.learnstream.pipeline.local;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocalClickHouseShutdownTest {

  @Test
  void aJvmThatExitsWithoutClosingTheServerStillStopsItAndRemovesItsDirectory() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StartAndExitWithoutClosing.class.getName()).redirectErrorStream(true).start();
    long serverPid = -1;
    Path serverDir = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null;) {
        output.append(line).append('\n');
        if (line.startsWith("PID ")) {
          serverPid = Long.parseLong(line.substring(4).strip());
        }
        if (line.startsWith("DIR ")) {
          serverDir = Path.of(line.substring(4).strip());
        }
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(serverPid).as("server PID printed by the child JVM; its output:\n%s", output).isPositive();
    assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(serverDir).as("temporary server directory").isNotNull().doesNotExist();
  }
}
