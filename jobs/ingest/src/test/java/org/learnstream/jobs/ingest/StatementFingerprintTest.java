package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatementFingerprintTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static StatementFingerprint of(String json) throws Exception {
    return StatementFingerprint.of(JSON.readTree(json));
  }

  /** Fingerprints are compared across server versions, so the digest of a statement must never change. */
  @Test
  void keepsTheDigestOfEarlierVersions() throws Exception {
    StatementFingerprint f = of("""
        {"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","actor":{"mbox":"mailto:zoë@example.com","name":"Zoë"},\
        "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},"object":{"id":"http://example.com/q/1"},\
        "result":{"success":true,"score":{"scaled":0.50,"raw":5}},"timestamp":"2026-03-02T08:32:29.920123Z"}""");

    assertThat(f.contentHash()).isEqualTo("c2465547fdfdbe8f75d5d9c0c65497a38638c09fa164fd39839cf8c7f53fdd79");
    assertThat(f.timestamp()).isEqualTo(java.time.Instant.ofEpochSecond(1772440349L, 920_123_000));
  }

  @Test
  void ignoresPropertiesTheLrsAssignsAndThePropertyOrder() throws Exception {
    StatementFingerprint sent = of("""
        {"id":"x","actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://v/a"},"object":{"id":"http://o/1"}}""");
    StatementFingerprint stored = of("""
        {"object":{"id":"http://o/1"},"verb":{"id":"http://v/a"},"actor":{"mbox":"mailto:a@example.com"},
         "id":"x","stored":"2026-01-01T00:00:00.000Z","authority":{"mbox":"mailto:lrs@example.com"},
         "version":"1.0.0","timestamp":"2026-01-01T00:00:00.000Z"}""");

    assertThat(sent.sameStatementAs(stored)).isTrue();
  }

  @Test
  void tellsApartStatementsThatDifferInContent() throws Exception {
    StatementFingerprint a = of("""
        {"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://v/a"},"object":{"id":"http://o/1"}}""");
    StatementFingerprint b = of("""
        {"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://v/b"},"object":{"id":"http://o/1"}}""");

    assertThat(a.sameStatementAs(b)).isFalse();
  }

  @Test
  void comparesTimestampsAsInstantsWhenBothAreGiven() throws Exception {
    String body = """
        {"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://v/a"},"object":{"id":"http://o/1"},"timestamp":"%s"}""";

    assertThat(
        of(body.formatted("2026-01-01T10:00:00Z")).sameStatementAs(of(body.formatted("2026-01-01T12:00:00+02:00"))))
        .isTrue();
    assertThat(of(body.formatted("2026-01-01T10:00:00Z")).sameStatementAs(of(body.formatted("2026-01-01T10:00:01Z"))))
        .isFalse();
  }

  @Test
  void comparesNumbersByValueAndTellsANumberFromTheSameText() throws Exception {
    String body = """
        {"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://v/a"},"object":{"id":"http://o/1"},
         "result":{"score":{"scaled":%s}}}""";

    assertThat(of(body.formatted("1.0")).sameStatementAs(of(body.formatted("1")))).isTrue();
    assertThat(of(body.formatted("1")).sameStatementAs(of(body.formatted("\"1\"")))).isFalse();
  }
}
