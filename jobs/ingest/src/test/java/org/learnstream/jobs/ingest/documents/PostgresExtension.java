package org.learnstream.jobs.ingest.documents;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.learnstream.pipeline.local.LocalPostgres;

/** A private PostgreSQL server for one test class, with a fresh database for each call of {@link #freshDatabase}. */
final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

  private final AtomicInteger databases = new AtomicInteger();
  private LocalPostgres postgres;

  @Override
  public void beforeAll(ExtensionContext context) {
    postgres = LocalPostgres.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** The JDBC URL of a new, empty database whose name starts with {@code prefix}. */
  String freshDatabase(String prefix) {
    String name = prefix + databases.incrementAndGet();
    postgres.createDatabase(name);
    return postgres.jdbcUrl(name);
  }

  String user() {
    return postgres.user();
  }
}
