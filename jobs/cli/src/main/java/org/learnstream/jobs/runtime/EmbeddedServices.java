package org.learnstream.jobs.runtime;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.learnstream.jobs.config.ConfigException;

/**
 * Kafka and ClickHouse started on this machine when no address is given: the one-machine default of the demo and
 * the tests. Only the development distribution (module devtools) has an implementation, found with
 * {@link ServiceLoader}; an installation gives every service by address, so the broker is not part of it.
 */
public interface EmbeddedServices {

  /** A service this process started: where it answers; closing stops it. */
  interface Started extends AutoCloseable {

    /** Kafka: the bootstrap servers; ClickHouse: the HTTP URL. */
    String address();

    @Override
    void close();
  }

  /** A KRaft broker whose log lives under {@code dataDir}, kept after it stops when {@code keepData}. */
  Started startKafka(Path dataDir, boolean keepData);

  /** A private clickhouse-server under {@code baseDir}; {@code binary} is a path or a name looked up on PATH. */
  Started startClickHouse(Path baseDir, boolean keepData, String binary);

  /** The embedded services of this distribution, or a clear error naming the setting that would replace them. */
  static EmbeddedServices require(String setting) {
    return ServiceLoader.load(EmbeddedServices.class).findFirst()
        .orElseThrow(() -> new ConfigException("'" + setting + "' is not set and this installation starts no "
            + "embedded services (they come with the development distribution); set '" + setting + "'"));
  }
}
