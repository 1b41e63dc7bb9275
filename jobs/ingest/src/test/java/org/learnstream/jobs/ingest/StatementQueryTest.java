package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.xapi.Violation;

class StatementQueryTest {

  private static StatementQuery valid(Map<String, String> parameters) {
    return ((StatementQuery.Valid) StatementQuery.parse(parameters)).query();
  }

  @Test
  void readsEveryFilterOfTheSpecification() {
    StatementQuery q = valid(Map.of("agent", "{\"mbox\":\"mailto:Ana@X.org\"}", "verb", "http://v/x",
        "activity", "http://o/1", "registration", "EC531277-B57B-4C15-8D91-D292C5B2B8F7", "related_activities", "true",
        "related_agents", "false", "since", "2026-03-01T10:00:00+02:00", "until", "2026-03-01T10:00:00Z",
        "limit", "7", "ascending", "true"));
    assertThat(q.agentIdentifier()).isEqualTo("mbox:mailto:ana@x.org");
    assertThat(q.registration()).isEqualTo("ec531277-b57b-4c15-8d91-d292c5b2b8f7");
    assertThat(q.relatedActivities()).isTrue();
    assertThat(q.relatedAgents()).isFalse();
    assertThat(q.sinceMillis()).isEqualTo(q.untilMillis() - 7_200_000);
    assertThat(q.limit()).isEqualTo(7);
    assertThat(q.ascending()).isTrue();
  }

  @Test
  void aLimitOfZeroOrAboveTheMaximumAsksForTheServerMaximum() {
    assertThat(valid(Map.of("limit", "0")).limit()).isEqualTo(StatementQuery.MAX_LIMIT);
    assertThat(valid(Map.of("limit", "100000")).limit()).isEqualTo(StatementQuery.MAX_LIMIT);
  }

  @Test
  void refusesBadParametersNamingEachOneAndItsRule() {
    var parsed = StatementQuery.parse(Map.of("agent", "{\"name\":\"no identifier\"}", "limit", "-1",
        "since", "yesterday", "format", "pretty", "ascending", "yes", "colour", "red"));
    assertThat(((StatementQuery.Invalid) parsed).violations()).extracting(Violation::path, Violation::rule)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("query:colour", "query.parameter"),
            org.assertj.core.groups.Tuple.tuple("query:agent", "query.agent"),
            org.assertj.core.groups.Tuple.tuple("query:limit", "query.limit"),
            org.assertj.core.groups.Tuple.tuple("query:since", "timestamp.iso8601"),
            org.assertj.core.groups.Tuple.tuple("query:format", "query.format"),
            org.assertj.core.groups.Tuple.tuple("query:ascending", "query.boolean"));
  }

  @Test
  void theMoreLinkRepeatsTheQueryFromWhereThePageEnded() {
    StatementQuery q = valid(Map.of("verb", "http://v/x y", "limit", "2"));
    assertThat(q.moreLink(1772359200000L, "6690e6c9-3ef0-4ed3-8b37-7f3964730bee")).isEqualTo(
        "/xapi/statements?cursor=1772359200000_6690e6c9-3ef0-4ed3-8b37-7f3964730bee&limit=2&verb=http%3A%2F%2Fv%2Fx+y");
  }
}
