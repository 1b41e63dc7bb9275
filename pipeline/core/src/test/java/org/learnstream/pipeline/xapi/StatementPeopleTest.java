package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementPeopleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERB = "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/mentored\"}";

  @Test
  void aStatementAboutAnActivityNamesNoOneButItsActor() throws Exception {
    assertThat(StatementPeople.others(statement("{\"actor\":{\"mbox\":\"mailto:ana@school.example\"}," + VERB
        + ",\"object\":{\"id\":\"https://lms.example/items/1\"},\"authority\":{\"account\":{\"homePage\":"
        + "\"https://lms.example\",\"name\":\"lms-client\"}}}"))).isEmpty();
  }

  @Test
  void theObjectInstructorTeamAndContextAgentsAreNamedInTheOrderTheyOccurAndTheActorIsLeftOut() throws Exception {
    JsonNode statement = statement("{\"actor\":{\"mbox\":\"mailto:ana@school.example\"}," + VERB
        + ",\"object\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:bo@school.example\"},"
        + "\"context\":{\"instructor\":{\"account\":{\"homePage\":\"https://lms.example\",\"name\":\"t-7\"}},"
        + "\"team\":{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:ana@school.example\"},"
        + "{\"openid\":\"https://id.example/cy\"}]},"
        + "\"contextAgents\":[{\"objectType\":\"contextAgent\",\"agent\":{\"mbox\":\"mailto:bo@school.example\"}}],"
        + "\"contextGroups\":[{\"objectType\":\"contextGroup\",\"group\":{\"objectType\":\"Group\","
        + "\"mbox\":\"mailto:class-7b@school.example\",\"member\":[{\"mbox_sha1sum\":"
        + "\"ABCDEF0123456789ABCDEF0123456789ABCDEF01\"}]}}]}}");

    assertThat(StatementPeople.others(statement)).containsExactly("mbox:mailto:bo@school.example",
        "account:https://lms.example|t-7", "openid:https://id.example/cy", "mbox:mailto:class-7b@school.example",
        "mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01");
  }

  @Test
  void aGroupActorsMembersAndTheSubStatementsPeopleAreNamedButAnAnonymousGroupItselfIsNot() throws Exception {
    JsonNode statement = statement("{\"actor\":{\"objectType\":\"Group\",\"member\":["
        + "{\"mbox\":\"mailto:ana@school.example\"},{\"mbox\":\"mailto:bo@school.example\"}]}," + VERB
        + ",\"object\":{\"objectType\":\"SubStatement\",\"actor\":{\"mbox\":\"mailto:cy@school.example\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
        + "\"object\":{\"objectType\":\"Agent\",\"openid\":\"https://id.example/di\"},"
        + "\"context\":{\"instructor\":{\"mbox\":\"mailto:ed@school.example\"}}}}");

    assertThat(StatementPeople.others(statement)).containsExactly("mbox:mailto:ana@school.example",
        "mbox:mailto:bo@school.example", "mbox:mailto:cy@school.example", "openid:https://id.example/di",
        "mbox:mailto:ed@school.example");
  }

  @Test
  void theRolesOfAPersonAreThoseTheyAreNamedInUnderAnyOfTheirIdentifiersAndNotAsTheActor() throws Exception {
    JsonNode statement = statement("{\"actor\":{\"mbox\":\"mailto:ana@school.example\"}," + VERB
        + ",\"object\":{\"objectType\":\"SubStatement\",\"actor\":{\"mbox\":\"mailto:bo@school.example\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
        + "\"object\":{\"objectType\":\"Agent\",\"mbox_sha1sum\":\"abcdef0123456789abcdef0123456789abcdef01\"}},"
        + "\"context\":{\"team\":{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:bo@school.example\"}]},"
        + "\"instructor\":{\"mbox\":\"mailto:cy@school.example\"}}}");

    assertThat(StatementPeople.rolesOf(statement, List.of("mbox:mailto:bo@school.example",
        "mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01"))).containsExactly("substatement actor",
            "substatement object", "team member");
    assertThat(StatementPeople.rolesOf(statement, List.of("mbox:mailto:ana@school.example"))).isEmpty();
    assertThat(StatementPeople.rolesOf(statement, List.of("mbox:mailto:cy@school.example")))
        .containsExactly("instructor");
  }

  private static JsonNode statement(String json) throws Exception {
    return JSON.readTree(json);
  }
}
