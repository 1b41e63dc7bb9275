package org.learnstream.dashboards;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the two-engine check counts as the same answer, and what it reports as a difference. */
class EngineAnswersTest {

  private static final String UNORDERED = "SELECT k, v FROM t";
  private static final String ORDERED = "SELECT k, v FROM (SELECT k, v FROM t ORDER BY v) ORDER BY k";

  @Test
  void floatsThatDifferInTheLastDigitsAreTheSame() {
    assertThat(difference(UNORDERED, "{\"k\":1,\"v\":0.30000000000000004}", "{\"k\":1,\"v\":0.3}")).isEmpty();
  }

  @Test
  void roundingToAnotherDecimalIsADifference() {
    assertThat(difference(UNORDERED, "{\"k\":1,\"v\":0.63}", "{\"k\":1,\"v\":0.62}"))
        .hasValueSatisfying(d -> assertThat(d).contains("column v").contains("0.63 on 18.16, 0.62"));
  }

  @Test
  void aQuotedNumberEqualsTheSameNumberUnquoted() {
    assertThat(difference(UNORDERED, "{\"k\":\"18446744073709551615\",\"v\":1}",
        "{\"k\":18446744073709551615,\"v\":1}")).isEmpty();
  }

  @Test
  void theZeroDateOf1816IsTheZeroDateOfCurrentReleases() {
    assertThat(difference(UNORDERED, "{\"k\":1,\"v\":\"0000-00-00 00:00:00\"}",
        "{\"k\":1,\"v\":\"1970-01-01 00:00:00\"}")).isEmpty();
    assertThat(difference(UNORDERED, "{\"k\":1,\"v\":\"0000-00-00 00:00:00\"}",
        "{\"k\":1,\"v\":\"1970-01-02 00:00:00\"}")).isPresent();
  }

  @Test
  void rowOrderCountsOnlyWhenTheOuterQueryOrders() {
    String ab = "{\"k\":1,\"v\":\"a\"}\n{\"k\":2,\"v\":\"b\"}\n";
    String ba = "{\"k\":2,\"v\":\"b\"}\n{\"k\":1,\"v\":\"a\"}\n";
    assertThat(difference(UNORDERED, ab, ba)).isEmpty();
    assertThat(difference(ORDERED, ab, ba)).isPresent();
    assertThat(difference("SELECT k, v FROM (SELECT k, v FROM t ORDER BY k) LIMIT 2", ab, ba)).isEmpty();
    assertThat(difference("SELECT k, 'ORDER BY' AS v FROM t", ab, ba)).isEmpty();
  }

  @Test
  void aMissingRowOrColumnIsADifference() {
    assertThat(difference(UNORDERED, "{\"k\":1,\"v\":\"a\"}\n{\"k\":2,\"v\":\"b\"}", "{\"k\":1,\"v\":\"a\"}"))
        .hasValue("2 rows on 18.16, 1 on the current engine");
    assertThat(difference(UNORDERED, "{\"k\":1,\"v\":\"a\"}", "{\"k\":1,\"w\":\"a\"}")).isPresent();
  }

  @Test
  void nestedArraysAreComparedElementByElement() {
    assertThat(
        difference(UNORDERED, "{\"k\":1,\"v\":[[\"a\"],[\"b\",\"c\"]]}", "{\"k\":1,\"v\":[[\"a\"],[\"b\",\"c\"]]}"))
        .isEmpty();
    assertThat(
        difference(UNORDERED, "{\"k\":1,\"v\":[[\"a\"],[\"b\",\"c\"]]}", "{\"k\":1,\"v\":[[\"a\"],[\"c\",\"b\"]]}"))
        .isPresent();
  }

  private static java.util.Optional<String> difference(String sql, String older, String current) {
    return EngineAnswers.difference(sql, EngineAnswers.rows(older), EngineAnswers.rows(current));
  }
}
