package org.learnstream.pipeline.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Kafka topics of the pipeline (DESIGN section 3) and their default layout. */
public final class Topics {

  public static final String XAPI_STATEMENTS = "xapi.statements";
  public static final String LEARNING_EVENTS = "learning.events";
  public static final String MASTERY_UPDATES = "mastery.updates";
  public static final String ALERTS = "alerts";
  public static final String ALERT_SUBSCRIPTIONS = "alert.subscriptions";
  public static final String CONTENT_CATALOG = "content.catalog";
  public static final String SKILL_PARAMETERS = "skill.parameters";
  public static final String DEAD_LETTERS = "dead.letters";
  /** The erasure ledger ({@link ErasureLedger}): erased learners by pseudonym, kept for good. */
  public static final String LEARNER_ERASURES = "learner.erasures";

  private static final Optional<Duration> FOREVER = Optional.empty();
  private static final Optional<Duration> MONTH = Optional.of(Duration.ofDays(30));
  private static final Optional<Duration> WEEK = Optional.of(Duration.ofDays(7));

  private Topics() {
  }

  /**
   * Every topic with {@code partitions} partitions, except the compacted reference topics (subscriptions,
   * catalog, parameters, the erasure ledger), which are small and broadcast to all tasks and so get one partition.
   * The event log keeps everything: it is the system of record that projections are rebuilt from.
   */
  public static List<TopicSpec> defaults(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    return List.of(
        new TopicSpec(XAPI_STATEMENTS, partitions, false, MONTH),
        new TopicSpec(LEARNING_EVENTS, partitions, false, FOREVER),
        new TopicSpec(MASTERY_UPDATES, partitions, false, WEEK),
        new TopicSpec(ALERTS, partitions, false, MONTH),
        new TopicSpec(ALERT_SUBSCRIPTIONS, 1, true, FOREVER),
        new TopicSpec(CONTENT_CATALOG, 1, true, FOREVER),
        new TopicSpec(SKILL_PARAMETERS, 1, true, FOREVER),
        new TopicSpec(DEAD_LETTERS, partitions, false, MONTH),
        new TopicSpec(LEARNER_ERASURES, 1, true, FOREVER));
  }
}
