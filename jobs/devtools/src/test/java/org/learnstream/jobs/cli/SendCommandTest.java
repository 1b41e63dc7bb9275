package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.ingest.send.HttpBatchTarget;
import org.learnstream.jobs.ingest.send.SendSummary;
import org.learnstream.jobs.ingest.send.StatementSender;

class SendCommandTest {

  @Test
  void aToUrlEndingInTheStatementsResourceIsTakenAsItsXapiBase() {
    assertThat(SendCommand.xapiBase(URI.create("http://127.0.0.1:8080/xapi/statements")))
        .isEqualTo(URI.create("http://127.0.0.1:8080/xapi/"));
    assertThat(SendCommand.xapiBase(URI.create("http://127.0.0.1:8080/xapi/statements/")))
        .isEqualTo(URI.create("http://127.0.0.1:8080/xapi/"));
    assertThat(SendCommand.xapiBase(URI.create("http://127.0.0.1:8080/xapi/")))
        .isEqualTo(URI.create("http://127.0.0.1:8080/xapi/"));
  }

  @Test
  void eachFailedAttemptIsReportedAsItHappensWithItsNumberAndReason(@TempDir Path dir) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    List<String> reports = new CopyOnWriteArrayList<>();
    Duration retryFor = Duration.ofSeconds(1);
    HttpBatchTarget target = new HttpBatchTarget(URI.create("http://127.0.0.1:" + closedPort + "/xapi/"),
        "demo", "demo", "1.0.3");
    Path file = Files.writeString(dir.resolve("one.ndjson"), "{\"actor\":{\"mbox\":\"mailto:a@example.org\"}}\n");

    SendSummary summary;
    try (RetryReporting reporting = new RetryReporting(target, retryFor, reports::add)) {
      summary = new StatementSender(reporting, 1, retryFor).send(file, n -> {
      });
    }

    assertThat(summary.complete()).isFalse();
    assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
    assertThat(reports.get(0)).startsWith("attempt 1 failed: ").contains(String.valueOf(closedPort), "retrying");
    assertThat(reports.get(1)).startsWith("attempt 2 failed: ");
  }
}
