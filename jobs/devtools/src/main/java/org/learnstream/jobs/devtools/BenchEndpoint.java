package org.learnstream.jobs.devtools;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.chaos.ChaosSuite;
import org.learnstream.jobs.ingest.IngestServer;
import org.learnstream.jobs.ingest.IngestServerSettings;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.StatementStore;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.settings.DocumentOptions;

/**
 * The endpoint {@code bench ingest} measures, started as {@code serve} starts it: with an embedded documents
 * database (in a temporary directory, removed on close) that records activity definitions and, when sealing, keeps
 * the learner records each statement is sealed under. Without sealing it is the same endpoint writing in the clear,
 * so the two differ by sealing alone.
 */
final class BenchEndpoint implements AutoCloseable {

  private final Path dir;
  private final DocumentResources documents;
  private final IngestServer server;
  private final MeterRegistry meters;

  private BenchEndpoint(Path dir, DocumentResources documents, IngestServer server, MeterRegistry meters) {
    this.dir = dir;
    this.documents = documents;
    this.server = server;
    this.meters = meters;
  }

  /** On loopback and any free port, so that the bench runs next to a serving endpoint. */
  static BenchEndpoint start(Configuration settings, KafkaPublisherSettings publisher, boolean sealing)
      throws IOException {
    Path dir = Files.createTempDirectory("learnstream-bench-documents");
    TenantCredentials tenants = TenantCredentials.developmentDefault();
    // a key of this run only: its learner records are thrown away with the directory
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    DocumentResources documents = new DocumentResources(
        DocumentDatabase.embedded(dir, settings.get(DocumentOptions.CONNECTIONS)), tenants,
        DocumentLimits.from(settings), sealing ? Pseudonyms.fromKey(HexFormat.of().formatHex(key)) : null);
    try {
      // its own transactional ids, so that its producers never fence those of the other endpoint or the yardstick
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      IngestServer server = IngestServer.start(IngestServerSettings.from(settings, tenants,
          publisher.withTransactionalIdPrefix(publisher.transactionalIdPrefix() + (sealing ? "-sealed" : "-clear")))
          .withPort(0), StatementStore.NONE, documents, meters);
      return new BenchEndpoint(dir, documents, server, meters);
    } catch (RuntimeException e) {
      documents.close();
      ChaosSuite.deleteRecursively(dir);
      throw e;
    }
  }

  /** The endpoint's meters, as its /metrics serves them. */
  MeterRegistry meters() {
    return meters;
  }

  URI baseUrl() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      documents.close();
      ChaosSuite.deleteRecursively(dir);
    }
  }
}
