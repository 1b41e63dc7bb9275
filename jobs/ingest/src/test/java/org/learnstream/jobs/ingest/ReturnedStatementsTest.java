package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReturnedStatementsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void returnsASingleContextActivityInAnArrayInTheStatementAndItsSubStatement() throws Exception {
    JsonNode stored = JSON.readTree("""
        {"context": {"contextActivities": {"parent": {"id": "http://a/1"}, "other": [{"id": "http://a/2"}]}},
         "object": {"objectType": "SubStatement",
                    "context": {"contextActivities": {"grouping": {"id": "http://a/3"}}}}}""");
    JsonNode returned = ReturnedStatements.asReturned(stored);

    assertThat(returned.at("/context/contextActivities/parent").isArray()).isTrue();
    assertThat(returned.at("/context/contextActivities/parent/0/id").asText()).isEqualTo("http://a/1");
    assertThat(returned.at("/context/contextActivities/other/0/id").asText()).isEqualTo("http://a/2");
    assertThat(returned.at("/object/context/contextActivities/grouping/0/id").asText()).isEqualTo("http://a/3");
    assertThat(stored.at("/context/contextActivities/parent").isObject()).as("the stored statement is kept").isTrue();
  }

  @Test
  void returnsAStatementWithoutSingleContextActivitiesAsItIs() throws Exception {
    JsonNode stored = JSON.readTree("{\"context\": {\"contextActivities\": {\"parent\": [{\"id\": \"http://a/1\"}]}}}");
    assertThat(ReturnedStatements.asReturned(stored)).isSameAs(stored);
  }
}
