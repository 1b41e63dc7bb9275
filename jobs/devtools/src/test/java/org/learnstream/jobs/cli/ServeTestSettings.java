package org.learnstream.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;

/**
 * The settings file of a {@code serve} under test: its own topics, consumer group and transactional ids on the test's
 * broker (by {@code prefix}), the test's ClickHouse, a checkpoint every second and a data directory under {@code dir},
 * then {@code more} lines.
 */
final class ServeTestSettings {

  private ServeTestSettings() {
  }

  static Path write(Path dir, String prefix, String bootstrap, ClickHouseEndpoint clickHouse, String... more)
      throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "kafka.bootstrap-servers: \"" + bootstrap + "\"",
        "kafka.topic-prefix: \"" + prefix + "\"",
        "kafka.group-id: \"" + prefix + "pipeline\"",
        "kafka.transactional-id-prefix: \"" + prefix + "tx\"",
        "clickhouse.url: \"" + clickHouse.url() + "\"",
        "clickhouse.user: \"" + clickHouse.user() + "\"",
        "clickhouse.database: \"" + clickHouse.database() + "\"",
        "pipeline.checkpoint-interval: 1s",
        "runtime.data-dir: \"" + dir.resolve("data") + "\""));
    lines.addAll(List.of(more));
    lines.add("");
    return Files.writeString(dir.resolve("serve.yaml"), String.join("\n", lines));
  }
}
