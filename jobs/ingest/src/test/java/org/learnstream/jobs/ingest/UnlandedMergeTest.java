package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pages of landed statements merged with the statements accepted here that have not landed yet. */
class UnlandedMergeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_772_359_200_000L;
  private static final String ANSWERED = "http://adlnet.gov/expapi/verbs/answered";

  private static String id(int n) {
    return String.format("%08d-0000-4000-8000-000000000000", n);
  }

  /** Statement n, stored n seconds after T0. */
  private static JsonNode statement(int n, String verb) {
    return statement(n, verb, "{\"id\":\"http://item/" + n + "\"}");
  }

  private static JsonNode statement(int n, String verb, String object) {
    try {
      return JSON.readTree("{\"id\":\"" + id(n) + "\",\"actor\":{\"mbox\":\"mailto:ana@x.org\"},\"verb\":{\"id\":\""
          + verb + "\"},\"object\":" + object + ",\"stored\":\"" + Instant.ofEpochMilli(T0 + n * 1000L) + "\"}");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static StatementQuery query(String... keysAndValues) {
    Map<String, String> parameters = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      parameters.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return ((StatementQuery.Valid) StatementQuery.parse(parameters)).query();
  }

  private static StatementPage merge(StatementQuery q, StatementPage landed, List<JsonNode> unlanded) {
    return merge(q, landed, unlanded, Set.of(), Set.of());
  }

  private static StatementPage merge(StatementQuery q, StatementPage landed, List<JsonNode> unlanded,
      Set<String> voidedUnlanded, Set<String> voidedLanded) {
    Map<String, JsonNode> all = new HashMap<>();
    landed.statements().forEach(s -> all.put(s.path("id").asText(), s));
    unlanded.forEach(s -> all.put(s.path("id").asText(), s));
    return UnlandedMerge.merge(q, landed, unlanded.stream().map(UnlandedMergeTest::written).toList(), voidedUnlanded,
        ids -> Set.copyOf(ids.stream().filter(voidedLanded::contains).toList()),
        id -> Optional.ofNullable(all.get(id)));
  }

  /** As the accepting server keeps it. */
  private static UnlandedStatement written(JsonNode statement) {
    try {
      return new UnlandedStatement(JSON.writeValueAsBytes(statement));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> ids(StatementPage page) {
    return page.statements().stream().map(s -> s.path("id").asText()).toList();
  }

  @Test
  void aVoidingStatementThatAnUnlandedOneTargetsStaysOnThePageWhatAnUnlandedOneVoidsDoesNot() {
    String voided = "http://adlnet.gov/expapi/verbs/voided";
    JsonNode voiding = statement(2, voided, "{\"objectType\":\"StatementRef\",\"id\":\"" + id(1) + "\"}");
    JsonNode voidingTheVoiding = statement(3, voided, "{\"objectType\":\"StatementRef\",\"id\":\"" + id(2)
        + "\"}");
    JsonNode voidingAnAnswer = statement(4, voided, "{\"objectType\":\"StatementRef\",\"id\":\"" + id(5) + "\"}");
    StatementQuery q = query();

    // the store left statement 1 out, which the landed voiding statement 2 voids
    assertThat(ids(merge(q, new StatementPage(List.of(voiding), ""), List.of(voidingTheVoiding), Set.of(id(2)),
        Set.of()))).containsExactly(id(3), id(2));
    assertThat(ids(merge(q, new StatementPage(List.of(statement(5, ANSWERED)), ""), List.of(voidingAnAnswer),
        Set.of(id(5)), Set.of()))).containsExactly(id(4));
  }

  @Test
  void aStatementNotLandedYetTopsTheNewestPageWhichKeepsItsLimitAndLinksOnFromItsLastStatement() {
    StatementQuery q = query("limit", "2");
    StatementPage landed = new StatementPage(List.of(statement(5, ANSWERED), statement(4, ANSWERED)),
        q.moreLink(T0 + 4000, id(4)));

    StatementPage page = merge(q, landed, List.of(statement(9, ANSWERED)));

    assertThat(ids(page)).containsExactly(id(9), id(5));
    assertThat(page.more()).isEqualTo(q.moreLink(T0 + 5000, id(5)));
  }

  @Test
  void aStatementThatHasLandedMeanwhileIsOnThePageOnce() {
    StatementQuery q = query("limit", "10");
    StatementPage landed = new StatementPage(List.of(statement(5, ANSWERED), statement(4, ANSWERED)), "");

    assertThat(ids(merge(q, landed, List.of(statement(5, ANSWERED), statement(6, ANSWERED)))))
        .containsExactly(id(6), id(5), id(4));
  }

  @Test
  void statementsBeyondTheLandedPagesEndWaitForTheNextPageAndThoseBeforeTheCursorAreNotRepeated() {
    StatementQuery second = query("limit", "2", "ascending", "true", "cursor", T0 + 2000 + "_" + id(2));
    StatementPage landed = new StatementPage(List.of(statement(3, ANSWERED), statement(5, ANSWERED)),
        second.moreLink(T0 + 5000, id(5)));

    StatementPage page = merge(second, landed, List.of(statement(1, ANSWERED), statement(4, ANSWERED),
        statement(7, ANSWERED)));

    assertThat(ids(page)).containsExactly(id(3), id(4));
    assertThat(page.more()).isEqualTo(second.moreLink(T0 + 4000, id(4)));
  }

  @Test
  void theLastAscendingPageTakesTheNewStatementsAfterTheLandedOnes() {
    StatementQuery q = query("ascending", "true");
    StatementPage landed = new StatementPage(List.of(statement(1, ANSWERED), statement(2, ANSWERED)), "");

    StatementPage page = merge(q, landed, List.of(statement(8, ANSWERED), statement(7, ANSWERED)));

    assertThat(ids(page)).containsExactly(id(1), id(2), id(7), id(8));
    assertThat(page.more()).isEmpty();
  }

  @Test
  void voidedStatementsAreLeftOutWhetherTheVoidingStatementHasLandedOrNot() {
    StatementQuery q = query();
    StatementPage landed = new StatementPage(List.of(statement(2, ANSWERED), statement(1, ANSWERED)), "");

    StatementPage page = merge(q, landed, List.of(statement(3, ANSWERED), statement(4, ANSWERED)), Set.of(id(1)),
        Set.of(id(4)));

    assertThat(ids(page)).containsExactly(id(3), id(2));
  }

  @Test
  void theFiltersApplyToStatementsNotLandedYetAsTheStoreAppliesThem() {
    String completed = "http://adlnet.gov/expapi/verbs/completed";
    JsonNode referring = statement(7, "http://example.org/commented",
        "{\"objectType\":\"StatementRef\",\"id\":\"" + id(6) + "\"}");
    List<JsonNode> unlanded = List.of(statement(6, ANSWERED), referring, statement(8, completed));

    assertThat(ids(merge(query("verb", ANSWERED), StatementPage.EMPTY, unlanded))).containsExactly(id(7), id(6));
    assertThat(ids(merge(query("verb", completed), StatementPage.EMPTY, unlanded))).containsExactly(id(8));
    assertThat(ids(merge(query("activity", "http://item/6"), StatementPage.EMPTY, unlanded)))
        .containsExactly(id(6));
    assertThat(ids(merge(query("agent", "{\"mbox\":\"mailto:bo@x.org\"}"), StatementPage.EMPTY, unlanded)))
        .isEmpty();
    assertThat(ids(merge(query("since", Instant.ofEpochMilli(T0 + 6000).toString(), "until",
        Instant.ofEpochMilli(T0 + 7000).toString()), StatementPage.EMPTY, unlanded))).containsExactly(id(7));
  }
}
