package org.learnstream.pipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to start a {@link LocalClickHouse}.
 *
 * @param binary               server binary; empty = look for clickhouse-server (or clickhouse) on PATH
 * @param baseDir              directory for config, data and logs; empty = a new temporary directory
 * @param keepData             keep the directory on close; empty = keep a given baseDir, remove a temporary one
 * @param startupTimeout       how long to wait for GET /ping
 * @param stopTimeout          how long to wait after SIGTERM before killing
 * @param maxServerMemoryBytes max_server_memory_usage (ignored by servers that predate the setting)
 */
public record LocalClickHouseSettings(Optional<Path> binary, Optional<Path> baseDir, Optional<Boolean> keepData,
    Duration startupTimeout, Duration stopTimeout, long maxServerMemoryBytes) {

  public static LocalClickHouseSettings defaults() {
    return new LocalClickHouseSettings(Optional.empty(), Optional.empty(), Optional.empty(),
        Duration.ofSeconds(30), Duration.ofSeconds(15), 2L * 1024 * 1024 * 1024);
  }

  public LocalClickHouseSettings withBinary(Path path) {
    return new LocalClickHouseSettings(Optional.of(path), baseDir, keepData, startupTimeout, stopTimeout,
        maxServerMemoryBytes);
  }

  /**
   * The binary as the {@code clickhouse.binary} setting names it: a path (it holds a '/'), or a bare name, in which
   * case the server is looked up on PATH as by default.
   */
  public LocalClickHouseSettings withBinarySetting(String binary) {
    return binary.contains("/") ? withBinary(Path.of(binary)) : this;
  }

  public LocalClickHouseSettings withBaseDir(Path dir) {
    return new LocalClickHouseSettings(binary, Optional.of(dir), keepData, startupTimeout, stopTimeout,
        maxServerMemoryBytes);
  }

  public LocalClickHouseSettings withKeepData(boolean keep) {
    return new LocalClickHouseSettings(binary, baseDir, Optional.of(keep), startupTimeout, stopTimeout,
        maxServerMemoryBytes);
  }
}
