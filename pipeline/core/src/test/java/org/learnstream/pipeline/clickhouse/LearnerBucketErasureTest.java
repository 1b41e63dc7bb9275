package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * The largest per-learner tables are partitioned by learner bucket (migration V100) so that an erasure rewrites the
 * parts of the erased learner's bucket only: the server links every other part into the mutated table unchanged,
 * which shows on disk as the same file (inode) under the part's new name.
 */
class LearnerBucketErasureTest {

  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

  private static final String TENANT = "school-buckets";
  private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.unkeyed();
  private static final int LEARNERS = 24;
  private static final List<String> BUCKETED = List.of("learning_events", "mastery_updates", "statement_ids",
      "statement_timeline", "statement_keys");

  private static Client client;
  private static String erased;
  private static long erasedBucket;
  private static Map<String, Map<String, Object>> filesBefore;

  @BeforeAll
  static void learnersOfEveryBucketInOneInsert() {
    client = CLICKHOUSE.client();
    String rows = IntStream.range(0, LEARNERS).mapToObj(i -> {
      String learner = PSEUDONYMS.learnerId(TENANT, address(i).canonical());
      return "('s-" + i + "', '" + TENANT + "', '" + learner + "', 'RESPONSE', 'answered', 'q1', 'Activity', "
          + "['fractions'], 1, 'math', 's1', 1700000000, 1700000000000, 1700000000, 170000000000" + i % 10
          + ", '{\"actor\":{\"mbox\":\"" + address(i).mentions().get(0) + "\"}}')";
    }).collect(Collectors.joining(", "));
    ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table("learning_events") + " (statement_id, tenant, "
        + "learner, kind, verb, object_id, object_type, skills, success, course, section, timestamp, timestamp_ms, "
        + "stored, stored_ms, statement_json) VALUES " + rows);
    ClickHouseQueries.execute(client, "INSERT INTO " + CLICKHOUSE.table("mastery_updates") + " (tenant, learner, "
        + "skill, statement_id, course, section, event_time, event_time_ms, sequence, correct, p_known_before, "
        + "p_correct_predicted, p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, "
        + "trend, model_version, revision) SELECT tenant, learner, 'fractions', statement_id, course, section, "
        + "timestamp, timestamp_ms, 1, 1, 0.3, 0.5, 0.6, 0, 1, 1, 1, 1, 0, 'bkt', 1 FROM "
        + CLICKHOUSE.table("learning_events"));
    erased = PSEUDONYMS.learnerId(TENANT, address(0).canonical());
    erasedBucket = ClickHouseQueries.scalarLong(client, "SELECT " + RetentionTables.LEARNER_BUCKET + " FROM "
        + "(SELECT '" + erased + "' AS learner)");
    filesBefore = BUCKETED.stream().collect(Collectors.toMap(t -> t, LearnerBucketErasureTest::fileByPartition));
    LearnerErasure erasure = new LearnerErasure(client, CLICKHOUSE.database(), PSEUDONYMS, Duration.ofMinutes(2));
    ErasureReceipts.Receipt receipt = erasure.execute(erasure.plan(new LearnerErasure.Learner(TENANT, erased,
        Optional.of(address(0)))), Instant.now(), "tester", LearnerErasure.Listener.NONE);
    assertThat(receipt.verified()).isTrue();
  }

  @Test
  void theLearnersOfOneInsertAreSpreadOverSeveralBucketsInEveryBucketedTable() {
    for (String table : BUCKETED) {
      assertThat(ClickHouseQueries.scalarLong(client, "SELECT uniqExact(partition) FROM system.parts WHERE active "
          + "AND database = '" + CLICKHOUSE.database() + "' AND table = '" + table + "'")).as(table)
          .isGreaterThan(3);
    }
  }

  @Test
  void theStatementReadTablesHoldTheBucketOfTheStatementsLearner() {
    for (String table : List.of("statement_ids", "statement_timeline", "statement_keys")) {
      assertThat(LearnerBucketsMigrationTest.rowsOfAnotherBucket(client, CLICKHOUSE.database(), table)).as(table)
          .isZero();
    }
  }

  @Test
  void anErasureRewritesThePartsOfTheLearnersBucketAndLinksEveryOtherPartUnchanged() {
    for (String table : BUCKETED) {
      Map<String, Object> before = filesBefore.get(table);
      Map<String, Object> after = fileByPartition(table);
      assertThat(after.keySet()).as(table).isEqualTo(before.keySet());
      Map<Boolean, List<String>> unchanged = after.keySet().stream().collect(Collectors.partitioningBy(
          partition -> after.get(partition).equals(before.get(partition))));
      assertThat(unchanged.get(false)).as(table + ": the partitions rewritten").isNotEmpty()
          .allSatisfy(partition -> assertThat(bucketOf(partition)).isEqualTo(erasedBucket));
      assertThat(unchanged.get(true)).as(table + ": the partitions linked unchanged").isNotEmpty()
          .allSatisfy(partition -> assertThat(bucketOf(partition)).isNotEqualTo(erasedBucket));
    }
  }

  /** Per partition, the file key (device and inode) of its one active part's tenant column. */
  private static Map<String, Object> fileByPartition(String table) {
    return ClickHouseQueries.rows(client, "SELECT partition, path FROM system.parts WHERE active AND database = '"
        + CLICKHOUSE.database() + "' AND table = '" + table + "' FORMAT JSONEachRow").stream().collect(
            Collectors.toMap(part -> (String) part.get("partition"),
                part -> fileKey(Path.of((String) part.get("path"), "tenant.bin"))));
  }

  /** The learner bucket of a partition as system.parts prints it: {@code 3} or {@code (202311,3)}. */
  private static long bucketOf(String partition) {
    String[] parts = partition.replaceAll("[()']", "").split(",");
    return Long.parseLong(parts[parts.length - 1].strip());
  }

  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ActorIdentifier address(int learner) {
    return ActorIdentifier.mbox("mailto:learner-" + learner + "@example.org");
  }
}
