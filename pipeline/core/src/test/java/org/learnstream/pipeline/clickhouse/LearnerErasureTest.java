package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * One learner erased from a database holding two learners of one class in every per-learner table, with the school's
 * own database: the other learner's rows and aggregates stay as they were, the erased one's are nowhere.
 */
class LearnerErasureTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-erase";
  private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.unkeyed();
  private static final ActorIdentifier ANA = ActorIdentifier.mbox("mailto:ana@example.org");
  private static final ActorIdentifier BEN = ActorIdentifier.mbox("mailto:ben@example.org");
  private static final String ANA_ID = PSEUDONYMS.learnerId(TENANT, ANA.canonical());
  private static final String BEN_ID = PSEUDONYMS.learnerId(TENANT, BEN.canonical());

  private static Client client;

  @BeforeAll
  static void twoLearnersInEveryTable() {
    client = CLICKHOUSE.client();
    new SchoolDatabase(client, CLICKHOUSE.database(), TENANT).create();
    for (String[] learner : List.of(new String[] {ANA_ID, "ana@example.org", "a"},
        new String[] {BEN_ID, "ben@example.org", "b"})) {
      for (int i = 1; i <= 3; i++) {
        String statement = learner[2] + "-" + i;
        insert("learning_events", "statement_id, tenant, learner, kind, verb, object_id, object_type, skills, "
            + "success, course, section, timestamp, timestamp_ms, stored, stored_ms, statement_json",
            "'" + statement
                + "', '" + TENANT + "', '" + learner[0] + "', 'RESPONSE', 'answered', 'q" + i
                + "', 'Activity', ['fractions'],"
                + " 1, 'math', 's1', 1700000000, 1700000000000, 1700000000, 1700000000" + i
                + "00, '{\"actor\":{\"mbox\":"
                + "\"mailto:" + learner[1] + "\",\"name\":\"" + learner[2] + "\"}}'");
        insert("mastery_updates", "tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, "
            + "sequence, correct, p_known_before, p_correct_predicted, p_known_after, mastered, attempts, "
            + "correct_count, recent_accuracy, recent_window, trend, model_version, revision",
            "'" + TENANT + "', '"
                + learner[0] + "', 'fractions', '" + statement + "', 'math', 's1', 1700000000, 1700000000000, " + i
                + ", 1, 0.3, 0.5, " + (learner[2].equals("a") ? "0.9" : "0.4") + ", 0, " + i + ", " + i
                + ", 1, 3, 0, 'bkt', " + i);
      }
      insert("alerts", "alert_id, tenant, learner, rule, severity, status, evidence, raised_at, version",
          "'alert-" + learner[2] + "', '" + TENANT + "', '" + learner[0] + "', 'inactivity', 'high', 'raised', '{}', "
              + "1700000000, 1");
      insert("alert_deliveries", "alert_id, change, subscription_id, attempt, status, at",
          "'alert-" + learner[2] + "', 'raised', 'sub-1', 1, 'delivered', 1700000000");
      insert("learner_directory", "tenant, learner, display_name, updated_at", "'" + TENANT + "', '" + learner[0]
          + "', 'Name " + learner[2] + "', 1700000000");
      insert("dead_letters", "id, origin, tenant, rule, reason, payload, received_at, received_at_ms",
          "'dl-" + learner[2] + "', 'normalise', '" + TENANT + "', 'xapi.verb', 'missing', '{\"actor\":{\"mbox\":"
              + "\"mailto:" + learner[1] + "\"}}', 1700000000, 1700000000000");
    }
    // A statement by Ben's teacher about Ana mentions her address: it is hers to erase too.
    insert("learning_events", "statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, "
        + "timestamp_ms, stored, stored_ms, statement_json",
        "'t-1', '" + TENANT + "', 'teacher', 'ACTIVITY', "
            + "'mentored', 'mbox:mailto:ana@example.org', 'Agent', [], 1700000000, 1700000000000, 1700000000, "
            + "1700000000900, '{\"object\":{\"mbox\":\"mailto:ana@example.org\"}}'");
    // A note that names her address only in free text, where no agent index looks: the verification finds it.
    insert("learning_events", "statement_id, tenant, learner, kind, verb, object_id, object_type, skills, timestamp, "
        + "timestamp_ms, stored, stored_ms, statement_json",
        "'t-2', '" + TENANT + "', 'teacher', 'ACTIVITY', "
            + "'commented', 'q1', 'Activity', [], 1700000000, 1700000000000, 1700000000, "
            + "1700000000950, '{\"result\":{\"response\":\"asked ANA@example.org to retry\"}}'");
  }

  @Test
  void theErasedLearnerIsInNoTableAndTheOtherLearnersRowsAndAggregatesStay() {
    String benBefore = benEverywhere();
    String classBefore = classFigures();
    // the notifier looked up her name for an alert: the audit trail keeps the look-up, by her digest
    new AuditLog(client, CLICKHOUSE.database()).recordRoutineOnLearner("notifier", TENANT,
        "learner-directory look-up", ANA_ID);
    LearnerErasure erasure = new LearnerErasure(client, CLICKHOUSE.database(), PSEUDONYMS, Duration.ofMinutes(2));

    ErasureReceipts.Receipt receipt = erasure.execute(erasure.plan(new LearnerErasure.Learner(TENANT, ANA_ID,
        Optional.of(ANA))), Instant.now(), "tester", LearnerErasure.Listener.NONE);

    assertThat(receipt.verified()).as("%s", receipt.scan()).isTrue();
    assertThat(receipt.scan().tablesScanned()).isGreaterThan(20);
    assertThat(receipt.rowsRemoved()).containsEntry(CLICKHOUSE.table("learning_events"), 5L)
        .containsEntry(CLICKHOUSE.table("mastery_updates"), 3L).containsEntry(CLICKHOUSE.table("alert_deliveries"), 1L)
        .containsEntry(CLICKHOUSE.table("dead_letters"), 1L).containsEntry(CLICKHOUSE.table("learner_directory"), 1L)
        .containsEntry(CLICKHOUSE.table("statement_timeline"), 5L)
        .containsEntry("tenant_school_erase.learning_events", 5L);
    assertThat(benEverywhere()).isEqualTo(benBefore);
    assertThat(classFigures()).isNotEqualTo(classBefore).isEqualTo("1\t3\t0.4\n1\t0.4\n");
    assertThat(receipt.learner()).isEqualTo(LearnerDigest.of(TENANT, ANA_ID));
    assertThat(ClickHouseQueries.text(client, "SELECT learner, stores, rows_removed, verified FROM "
        + CLICKHOUSE.table("erasure_receipts") + " WHERE receipt_id = '" + receipt.receiptId()
        + "' FORMAT TabSeparated"))
        .startsWith(LearnerDigest.of(TENANT, ANA_ID) + "\t[")
        .endsWith("\t1\n");
    assertThat(ClickHouseQueries.text(client, "SELECT action, target FROM " + CLICKHOUSE.table("audit_log")
        + " WHERE tenant = '" + TENANT + "' FORMAT TabSeparated"))
        .isEqualTo("learner-directory look-up\t" + LearnerDigest.of(TENANT, ANA_ID) + "\n");
    assertThat(LearnerScan.scan(SchoolDatabase.Sql.of(client), List.of(CLICKHOUSE.database()),
        List.of(List.of(ANA_ID))).total())
        .as("the receipt and the audit trail are scanned too, and spell her pseudonym nowhere").isZero();
    assertThat(ClickHouseQueries.text(client, ErasedStatements.amongQuery(CLICKHOUSE.database(), TENANT,
        List.of("a-1", "a-2", "a-3", "t-1", "t-2", "b-1")) + " ORDER BY statement_id FORMAT TabSeparated"))
        .as("hers and the teacher's naming her (as an agent, in free text), refused by the endpoint from now on")
        .isEqualTo("a-1\na-2\na-3\nt-1\nt-2\n");
  }

  @Test
  void aLearnerNoTableHoldsIsRefusedAndNothingChanges() {
    LearnerErasure erasure = new LearnerErasure(client, CLICKHOUSE.database(), PSEUDONYMS, Duration.ofMinutes(2));
    long rows = ClickHouseQueries.count(client, CLICKHOUSE.table("learning_events"));
    String nobody = PSEUDONYMS.learnerId(TENANT, "mbox:mailto:nobody@example.org");

    assertThatThrownBy(() -> erasure.plan(new LearnerErasure.Learner(TENANT, nobody, Optional.empty())))
        .isInstanceOf(LearnerErasure.UnknownLearner.class).hasMessageContaining("no rows of learner " + nobody);
    assertThat(ClickHouseQueries.count(client, CLICKHOUSE.table("learning_events"))).isEqualTo(rows);
  }

  @Test
  void aPersonNoTableHoldsButAnotherStoreKnowsIsErasedUnderEachPseudonymWithReceiptsOfThatStoresRows() {
    PersonErasure erasure = personErasure();
    List<LearnerErasure.Plan> planned = planEach(erasure, ActorIdentifier.mbox("mailto:only-documents@example.org"));
    long events = ClickHouseQueries.count(client, CLICKHOUSE.table("learning_events"));

    List<LearnerErasure.Plan> plans = PersonErasure.toRun(planned, Map.of("documents.xapi_documents", 2L));
    List<ErasureReceipts.Receipt> receipts = erasure.execute(plans, Instant.now(), "tester",
        LearnerErasure.Listener.NONE, ErasureRecording.NONE, Map.of("documents.xapi_documents", 2L));

    assertThat(PersonErasure.clickHouseFound(planned)).startsWith("no rows in any table of");
    assertThat(receipts).extracting(ErasureReceipts.Receipt::learner)
        .containsExactly(LearnerDigest.of(TENANT, planned.get(0).learner().pseudonym()),
            LearnerDigest.of(TENANT, planned.get(1).learner().pseudonym()));
    assertThat(receipts).allSatisfy(receipt -> assertThat(receipt.verified()).isTrue());
    assertThat(receipts.get(0).rowsRemoved()).containsEntry("documents.xapi_documents", 2L)
        .containsEntry(CLICKHOUSE.table("learning_events"), 0L);
    assertThat(receipts.get(0).totalRemoved()).isEqualTo(2);
    assertThat(ClickHouseQueries.text(client, "SELECT rows_removed[indexOf(stores, 'documents.xapi_documents')], "
        + "verified FROM " + CLICKHOUSE.table("erasure_receipts") + " WHERE receipt_id = '"
        + receipts.get(0).receiptId() + "' FORMAT TabSeparated")).isEqualTo("2\t1\n");
    assertThat(ClickHouseQueries.count(client, CLICKHOUSE.table("learning_events"))).isEqualTo(events);
  }

  @Test
  void aPersonNoStoreKnowsIsRefusedAsALearnerNoTableHoldsWhileAHeldOneIsPlannedByTheirHeldPseudonymOnly() {
    PersonErasure erasure = personErasure();
    List<LearnerErasure.Plan> planned = planEach(erasure, ActorIdentifier.mbox("mailto:nobody-at-all@example.org"));

    assertThatThrownBy(() -> PersonErasure.toRun(planned, Map.of("documents.learner_records", 0L)))
        .isInstanceOf(LearnerErasure.UnknownLearner.class)
        .hasMessageContaining("no rows of learner " + planned.get(0).learner().pseudonym())
        .hasMessageContaining("nothing was changed");
    assertThat(PersonErasure.toRun(planEach(erasure, BEN), Map.of()))
        .extracting(plan -> plan.learner().pseudonym()).containsExactly(BEN_ID);
  }

  private static PersonErasure personErasure() {
    return new PersonErasure(new LearnerErasure(client, CLICKHOUSE.database(), PSEUDONYMS, Duration.ofMinutes(2)),
        PSEUDONYMS);
  }

  /** The plan of each pseudonym of the person, held or not. */
  private static List<LearnerErasure.Plan> planEach(PersonErasure erasure, ActorIdentifier person) {
    return erasure.planEach(erasure.learners(TENANT, Optional.of(person), null));
  }

  /** Ben's rows in every per-learner table, shared and school, as text. */
  private static String benEverywhere() {
    StringBuilder text = new StringBuilder();
    for (String database : List.of(CLICKHOUSE.database(), "tenant_school_erase")) {
      for (String table : List.of("learning_events", "mastery_updates", "mastery_current", "alerts")) {
        text.append(
            ClickHouseQueries.text(client, "SELECT * FROM " + database + "." + table + " FINAL WHERE learner = '"
                + BEN_ID + "' ORDER BY tuple(*) FORMAT TabSeparated"));
      }
      // aggregate states by their values: a merge may reorder the hashes a state holds
      text.append(ClickHouseQueries.text(client, "SELECT day, uniqExactMerge(events), uniqExactIfMerge(correct), "
          + "uniqExactArrayMerge(skills_practised), maxMerge(last_seen) FROM " + database + ".learner_daily WHERE "
          + "learner = '" + BEN_ID + "' GROUP BY day FORMAT TabSeparated"));
    }
    return text.append(ClickHouseQueries.text(client, "SELECT * FROM " + CLICKHOUSE.table("alert_deliveries")
        + " WHERE alert_id = 'alert-b' FORMAT TabSeparated")).toString();
  }

  /** The class's learners, answers and mean P(L) in the shared and the school's class_daily. */
  private static String classFigures() {
    return ClickHouseQueries.text(client, "SELECT uniqExactMerge(learner_ids), uniqCombinedMerge(answers), "
        + "floor(avgMerge(mean_p_known) * 1000 + 0.5) / 1000 FROM " + CLICKHOUSE.table("class_daily")
        + " WHERE tenant = '" + TENANT + "' FORMAT TabSeparated") + ClickHouseQueries.text(client,
            "SELECT uniqExactMerge(learner_ids), floor(avgMerge(mean_p_known) * 1000 + 0.5) / 1000 FROM "
                + "tenant_school_erase.class_daily FORMAT TabSeparated");
  }

  private static void insert(String table, String columns, String values) {
    ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table(table) + " (" + columns + ") VALUES ("
        + values + ")");
  }
}
