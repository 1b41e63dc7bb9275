package org.learnstream.jobs.ingest.documents;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A documents database opened twice on the same storage for each test, as two processes (the endpoint and the CLI,
 * or the endpoint and retention) open it: what holds on embedded H2 and on PostgreSQL alike is written once against
 * this, and each database gives {@link #openDatabase}.
 */
abstract class OpenedTwice {

  DocumentDatabase first;
  DocumentDatabase second;

  /** A migrated database; a second call in the same test opens the same storage again. */
  abstract DocumentDatabase openDatabase();

  @BeforeEach
  void openTwice() {
    first = openDatabase();
    second = openDatabase();
  }

  @AfterEach
  void close() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }
}
