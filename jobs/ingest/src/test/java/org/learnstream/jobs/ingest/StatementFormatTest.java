package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatementFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode statement() throws Exception {
    return JSON.readTree(
        """
            {"id": "5d1a9a6e-2c9f-4c55-9a55-0d2b3c4d5e6f",
             "actor": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.org"},
             "verb": {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-US": "attended", "en-GB": "attended (GB)", "de": "besuchte"}},
             "object": {"objectType": "SubStatement",
               "actor": {"objectType": "Group", "name": "Team", "member": [{"name": "Bo", "mbox": "mailto:bo@example.org"}]},
               "verb": {"id": "http://adlnet.gov/expapi/verbs/reported", "display": {"en-US": "reported", "de": "berichtete"}},
               "object": {"objectType": "Activity", "id": "http://example.org/a/1",
                 "definition": {"name": {"en-US": "One", "de": "Eins"}, "type": "http://example.org/type",
                   "choices": [{"id": "c1", "description": {"en-US": "first", "de": "erste"}}]}}},
             "context": {"contextActivities": {"parent": [{"id": "http://example.org/a/0", "definition": {"name": {"en-US": "Zero", "de": "Null"}}}]}}}""");
  }

  @Test
  void idsKeepsOnlyWhatIdentifiesAgentsAnonymousGroupMembersVerbsAndActivities() throws Exception {
    JsonNode ids = StatementFormat.apply(statement(), "ids", null);

    assertThat(ids.get("actor"))
        .isEqualTo(JSON.readTree("{\"objectType\": \"Agent\", \"mbox\": \"mailto:ann@example.org\"}"));
    assertThat(ids.get("verb")).isEqualTo(JSON.readTree("{\"id\": \"http://adlnet.gov/expapi/verbs/attended\"}"));
    assertThat(ids.at("/object/actor")).isEqualTo(JSON.readTree(
        "{\"objectType\": \"Group\", \"member\": [{\"mbox\": \"mailto:bo@example.org\"}]}"));
    assertThat(ids.at("/object/object")).isEqualTo(JSON.readTree("{\"id\": \"http://example.org/a/1\"}"));
    assertThat(ids.at("/context/contextActivities/parent/0"))
        .isEqualTo(JSON.readTree("{\"id\": \"http://example.org/a/0\"}"));
    assertThat(ids.at("/object/objectType").asText()).isEqualTo("SubStatement");
  }

  @Test
  void canonicalReturnsTheLanguageTheRequestPrefersInEveryVerbAndActivityLanguageMap() throws Exception {
    JsonNode canonical = StatementFormat.apply(statement(), "canonical", "de, en;q=0.5");

    assertThat(canonical.at("/verb/display")).isEqualTo(JSON.readTree("{\"de\": \"besuchte\"}"));
    assertThat(canonical.at("/object/verb/display")).isEqualTo(JSON.readTree("{\"de\": \"berichtete\"}"));
    assertThat(canonical.at("/object/object/definition/name")).isEqualTo(JSON.readTree("{\"de\": \"Eins\"}"));
    assertThat(canonical.at("/object/object/definition/choices/0/description"))
        .isEqualTo(JSON.readTree("{\"de\": \"erste\"}"));
    assertThat(canonical.at("/context/contextActivities/parent/0/definition/name"))
        .isEqualTo(JSON.readTree("{\"de\": \"Null\"}"));
    assertThat(canonical.get("actor")).as("agents stay as stored").isEqualTo(statement().get("actor"));
  }

  @Test
  void canonicalFallsBackFromARegionToItsLanguageAndElseToOneOfTheLanguagesStored() throws Exception {
    JsonNode british = StatementFormat.apply(statement(), "canonical", "en-GB");
    JsonNode french = StatementFormat.apply(statement(), "canonical", "fr");

    assertThat(british.at("/verb/display")).isEqualTo(JSON.readTree("{\"en-GB\": \"attended (GB)\"}"));
    assertThat(french.at("/verb/display").size()).isEqualTo(1);
    assertThat(french.at("/object/object/definition/name").size()).isEqualTo(1);
  }

  @Test
  void exactAndAnAbsentFormatReturnTheStatementAsStored() throws Exception {
    JsonNode stored = statement();
    assertThat(StatementFormat.apply(stored, "exact", "de")).isSameAs(stored);
    assertThat(StatementFormat.apply(stored, null, "de")).isSameAs(stored);
  }
}
