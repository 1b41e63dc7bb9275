package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * An erasure that goes on with a request already in the ledger (an earlier erase's, resumed), and rows that land while
 * it waits for the job: the receipt takes the resumed request's id and time, and the rows that landed are erased too.
 */
class ResumedErasureTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-resume";
  private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.unkeyed();
  private static final ActorIdentifier CLEO = ActorIdentifier.mbox("mailto:cleo@example.org");
  private static final String CLEO_ID = PSEUDONYMS.learnerId(TENANT, CLEO.canonical());
  private static final Instant FIRST_REQUEST = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void theReceiptIsTheResumedRequestsAndRowsThatLandedWhileTheErasureWaitedAreErasedToo() {
    Client client = CLICKHOUSE.client();
    event(client, "c-1", 1);
    LearnerErasure erasure = new LearnerErasure(client, CLICKHOUSE.database(), PSEUDONYMS, Duration.ofMinutes(2));
    LearnerErasure.Plan plan = erasure.plan(new LearnerErasure.Learner(TENANT, CLEO_ID, Optional.of(CLEO)));
    ErasureRequest resumed = ErasureRequest.of("first-erase", TENANT, CLEO_ID, FIRST_REQUEST);

    ErasureReceipts.Receipt receipt = erasure.execute(plan, Instant.now(), "tester", LearnerErasure.Listener.NONE,
        request -> {
          event(client, "c-2", 2); // the job wrote it before it applied the erasure
          return resumed;
        });

    assertThat(receipt.receiptId()).isEqualTo("first-erase");
    assertThat(receipt.requestedAt()).isEqualTo(FIRST_REQUEST);
    assertThat(receipt.verified()).as("%s", receipt.scan()).isTrue();
    assertThat(receipt.rowsRemoved()).containsEntry(CLICKHOUSE.table("learning_events"), 2L)
        .containsEntry(CLICKHOUSE.table("statement_timeline"), 2L);
    assertThat(erasure.completed(resumed)).isTrue();
    assertThat(erasure.completed(ErasureRequest.of("other", TENANT, CLEO_ID, FIRST_REQUEST))).isFalse();
  }

  private static void event(Client client, String statementId, int i) {
    ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table("learning_events") + " (statement_id, tenant, "
        + "learner, kind, verb, object_id, object_type, skills, success, course, section, timestamp, timestamp_ms, "
        + "stored, stored_ms, statement_json) VALUES ('" + statementId + "', '" + TENANT + "', '" + CLEO_ID
        + "', 'RESPONSE', 'answered', 'q" + i + "', 'Activity', ['fractions'], 1, 'math', 's1', 1700000000, "
        + "1700000000000, 1700000000, 170000000" + i + "000, '{\"actor\":{\"mbox\":\"mailto:cleo@example.org\"}}')");
  }
}
