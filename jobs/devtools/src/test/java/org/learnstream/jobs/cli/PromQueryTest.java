package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromQueryTest {

  private static final String SCRAPE = """
      # HELP learnstream_clickhouse_sink_flush_seconds Time until one batch landed
      # TYPE learnstream_clickhouse_sink_flush_seconds histogram
      learnstream_clickhouse_sink_flush_seconds_bucket{table="alerts",le="0.001"} 0
      learnstream_clickhouse_sink_flush_seconds_bucket{table="alerts",le="+Inf"} 3
      learnstream_kafka_consumer_lag_records{consumer_group="g",topic="xapi.statements"} NaN
      learnstream_late_events_total{reason="late"} 2.0
      """;

  @Test
  void aQuantileQueryDependsOnItsBucketMetricAndTheLabelsItGroupsBy() {
    PromQuery query = PromQuery.parse("histogram_quantile(0.99, sum by (le, table) "
        + "(rate(learnstream_clickhouse_sink_flush_seconds_bucket[$__rate_interval])))", "p99 {{table}}");

    assertThat(query.metrics()).containsExactly("learnstream_clickhouse_sink_flush_seconds_bucket");
    assertThat(query.labels()).containsExactlyInAnyOrder("le", "table");
  }

  @Test
  void matchersAndLegendsCountAsLabelsWhileFunctionsKeywordsAndStringsAreNoMetrics() {
    PromQuery query = PromQuery.parse("max by (topic) (learnstream_kafka_consumer_lag_records{consumer_group=~\"a,b\"})"
        + " or on (topic) vector(0)", "{{consumer_group}} {{ topic }}");

    assertThat(query.metrics()).containsExactly("learnstream_kafka_consumer_lag_records");
    assertThat(query.labels()).containsExactlyInAnyOrder("topic", "consumer_group");
  }

  @Test
  void aScrapeResolvesAQueryWhoseMetricAndLabelsItCarries() {
    PromQuery query = PromQuery.parse("sum by (reason) (rate(learnstream_late_events_total[5m]))", "{{reason}}");

    assertThat(PrometheusScrape.parse(SCRAPE).unresolved(query)).isEmpty();
  }

  @Test
  void aScrapeReportsAMissingLabelAndAMissingMetricByName() {
    PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);

    assertThat(scrape.unresolved(PromQuery.parse("sum by (job) (rate(learnstream_late_events_total[5m]))", null)))
        .containsExactly("label job of learnstream_late_events_total (it has [reason])");
    assertThat(scrape.unresolved(PromQuery.parse("sum(rate(learnstream_dead_letters_total[5m]))", null)))
        .containsExactly("metric learnstream_dead_letters_total");
  }

  @Test
  void sumsAddTheSeriesWhoseLabelsMatchAndReadInfinityAndNaN() {
    PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);

    assertThat(scrape.sum("learnstream_clickhouse_sink_flush_seconds_bucket", Map.of("le", "+Inf")))
        .isEqualTo(3.0);
    assertThat(scrape.sum("learnstream_late_events_total", Map.of())).isEqualTo(2.0);
    assertThat(scrape.sum("learnstream_kafka_consumer_lag_records", Map.of())).isNaN();
  }
}
