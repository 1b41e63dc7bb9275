package org.learnstream.jobs.devtools;

import java.nio.file.Path;
import org.learnstream.jobs.runtime.EmbeddedServices;
import org.learnstream.pipeline.local.LocalClickHouse;
import org.learnstream.pipeline.local.LocalClickHouseSettings;
import org.learnstream.pipeline.local.LocalKafka;

/** The embedded services of the development distribution: a KRaft broker and a private clickhouse-server. */
public final class LocalServices implements EmbeddedServices {

  @Override
  public Started startKafka(Path dataDir, boolean keepData) {
    LocalKafka kafka = LocalKafka.builder().dataDir(dataDir).keepData(keepData).start();
    return started(kafka.bootstrapServers(), kafka);
  }

  @Override
  public Started startClickHouse(Path baseDir, boolean keepData, String binary) {
    LocalClickHouse server = LocalClickHouse.start(LocalClickHouseSettings.defaults().withBaseDir(baseDir)
        .withKeepData(keepData).withBinarySetting(binary));
    return started(server.httpUrl(), server);
  }

  private static Started started(String address, AutoCloseable service) {
    return new Started() {
      @Override
      public String address() {
        return address;
      }

      @Override
      public void close() {
        try {
          service.close();
        } catch (Exception e) {
          throw new IllegalStateException("stopping " + service.getClass().getSimpleName() + " failed", e);
        }
      }
    };
  }
}
