package org.learnstream.pipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * The generated config.xml and users.xml of a private server. Only keys that 18.16 and current releases both
 * understand matter; keys a server does not know (max_server_memory_usage on 18.16) are ignored by it.
 */
final class ServerConfig {

  private final Path baseDir;
  private final int httpPort;
  private final int tcpPort;
  private final long maxServerMemoryBytes;
  private final String extraUsers;

  /** {@code extraUsers}: {@code <users>} entries (and nothing else) added next to {@code default}. */
  ServerConfig(Path baseDir, int httpPort, int tcpPort, long maxServerMemoryBytes, String extraUsers) {
    this.baseDir = baseDir;
    this.httpPort = httpPort;
    this.tcpPort = tcpPort;
    this.maxServerMemoryBytes = maxServerMemoryBytes;
    this.extraUsers = extraUsers;
  }

  /** Writes both files (and the directories they name) and returns the path of config.xml. */
  Path write() {
    try {
      Path data = Files.createDirectories(baseDir.resolve("data"));
      Path log = Files.createDirectories(baseDir.resolve("log"));
      Path tmp = Files.createDirectories(data.resolve("tmp"));
      Path userFiles = Files.createDirectories(data.resolve("user_files"));
      Path formatSchemas = Files.createDirectories(data.resolve("format_schemas"));
      Path config = baseDir.resolve("config.xml");
      Files.writeString(config, """
          <?xml version="1.0"?>
          <yandex>
            <logger>
              <level>information</level>
              <log>%s</log>
              <errorlog>%s</errorlog>
              <size>50M</size>
              <count>2</count>
              <console>0</console>
            </logger>
            <listen_host>127.0.0.1</listen_host>
            <http_port>%d</http_port>
            <tcp_port>%d</tcp_port>
            <path>%s/</path>
            <tmp_path>%s/</tmp_path>
            <user_files_path>%s/</user_files_path>
            <format_schema_path>%s/</format_schema_path>
            <users_config>users.xml</users_config>
            <default_profile>default</default_profile>
            <default_database>default</default_database>
            <timezone>UTC</timezone>
            <mark_cache_size>268435456</mark_cache_size>
            <max_server_memory_usage>%d</max_server_memory_usage>
            <max_concurrent_queries>100</max_concurrent_queries>
            <shutdown_wait_unfinished>2</shutdown_wait_unfinished>
            <keep_alive_timeout>3</keep_alive_timeout>
          </yandex>
          """.formatted(xml(log.resolve("clickhouse-server.log")), xml(log.resolve("clickhouse-server.err.log")),
          httpPort, tcpPort, xml(data), xml(tmp), xml(userFiles), xml(formatSchemas), maxServerMemoryBytes),
          StandardCharsets.UTF_8);
      writeUsers();
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the ClickHouse config in " + baseDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes users.xml alone. A running server re-reads the file by itself within seconds, which is how users are
   * added on 18.16: it has no SQL statements that manage users.
   */
  void writeUsers() {
    Path file = baseDir.resolve("users.xml");
    try {
      long previousSecond = Files.exists(file) ? Files.getLastModifiedTime(file).to(TimeUnit.SECONDS) : -1;
      Files.writeString(file, """
          <?xml version="1.0"?>
          <yandex>
            <profiles>
              <!-- max_read_buffer_size: a FINAL read opens every part it reads at once, each column with a buffer of
                   this size (1 MB by default); the learner buckets of V100 multiply the parts by 8 -->
              <default>
                <max_memory_usage>1000000000</max_memory_usage>
                <max_read_buffer_size>65536</max_read_buffer_size>
              </default>
              <readonly>
                <max_memory_usage>1000000000</max_memory_usage>
                <max_read_buffer_size>65536</max_read_buffer_size>
                <readonly>1</readonly>
              </readonly>
            </profiles>
            <users>
              <default>
                <password></password>
                <networks>
                  <ip>127.0.0.1</ip>
                  <ip>::1</ip>
                </networks>
                <profile>default</profile>
                <quota>default</quota>
              </default>
          %s
            </users>
            <quotas>
              <default>
                <interval>
                  <duration>3600</duration>
                  <queries>0</queries>
                  <errors>0</errors>
                  <result_rows>0</result_rows>
                  <read_rows>0</read_rows>
                  <execution_time>0</execution_time>
                </interval>
              </default>
            </quotas>
          </yandex>
          """.formatted(extraUsers), StandardCharsets.UTF_8);
      // the server notices a changed file by its modification time in whole seconds: a rewrite within the same
      // second as the last one would go unread, so its time moves on by a second
      if (Files.getLastModifiedTime(file).to(TimeUnit.SECONDS) <= previousSecond) {
        Files.setLastModifiedTime(file, FileTime.from(previousSecond + 1, TimeUnit.SECONDS));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the ClickHouse users in " + baseDir + ": " + e.getMessage(), e);
    }
  }

  private static String xml(Path path) {
    return path.toAbsolutePath().toString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
