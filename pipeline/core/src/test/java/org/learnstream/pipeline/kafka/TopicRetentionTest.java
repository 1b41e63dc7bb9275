package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicRetentionTest {

  @Test
  void rawStatementsKeepTheStatementWindowTheEventLogTheEventWindowAndTransportsTheirShorterOwn() {
    List<TopicSpec> specs = TopicRetention.withWindows(Topics.defaults(2).stream()
        .map(t -> new TopicSpec("p." + t.name(), t.partitions(), t.compacted(), t.retention())).toList(), "p.",
        Duration.ofDays(30), Duration.ofDays(1095));

    Map<String, Optional<Duration>> retention = specs.stream()
        .collect(Collectors.toMap(TopicSpec::name, TopicSpec::retention));
    assertThat(retention).containsEntry("p.xapi.statements", Optional.of(Duration.ofDays(30)))
        .containsEntry("p.dead.letters", Optional.of(Duration.ofDays(30)))
        .containsEntry("p.learning.events", Optional.of(Duration.ofDays(1095)))
        .containsEntry("p.mastery.updates", Optional.of(Duration.ofDays(7)))
        .containsEntry("p.alerts", Optional.of(Duration.ofDays(30)))
        .containsEntry("p.alert.subscriptions", Optional.empty())
        .containsEntry("p.content.catalog", Optional.empty());
  }

  @Test
  void anEventWindowShorterThanATransportsOwnBoundsItToo() {
    List<TopicSpec> specs = TopicRetention.withWindows(Topics.defaults(1), "", Duration.ofDays(2),
        Duration.ofDays(3));

    assertThat(specs).filteredOn(s -> !s.compacted())
        .allSatisfy(s -> assertThat(s.retention().orElseThrow()).isLessThanOrEqualTo(Duration.ofDays(3)));
  }
}
