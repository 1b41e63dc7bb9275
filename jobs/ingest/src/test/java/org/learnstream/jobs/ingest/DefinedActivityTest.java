package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinedActivityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theObjectsDefinitionIsFoundAndMembersThatCannotDefineAreNotLookedInto() throws Exception {
    String statement = "{\"actor\":{\"mbox\":\"mailto:a@example.com\",\"definition\":{\"x\":1}},"
        + "\"verb\":{\"id\":\"http://example.com/v\"},\"result\":{\"extensions\":{\"http://e/definition\":[{}]}},"
        + "\"object\":{\"definition\":{\"name\":{\"en-US\":\"Quiz\"}},\"id\":\"http://example.com/a\"}}";

    assertThat(found(statement)).containsExactly("http://example.com/a={\"name\":{\"en-US\":\"Quiz\"}}");
  }

  @Test
  void contextActivitiesCountAsOneObjectOrAnArrayInEveryList() throws Exception {
    String statement = "{\"object\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:a@example.com\"},"
        + "\"context\":{\"registration\":\"6fbd600f-d17c-4c74-801a-2ec2e53231c5\",\"contextActivities\":{"
        + "\"parent\":[{\"id\":\"http://example.com/p\",\"definition\":{\"type\":\"http://t/course\"}},"
        + "{\"id\":\"http://example.com/no-definition\"}],"
        + "\"category\":{\"id\":\"http://example.com/c\",\"definition\":{}}}}}";

    assertThat(found(statement)).containsExactly("http://example.com/p={\"type\":\"http://t/course\"}",
        "http://example.com/c={}");
  }

  @Test
  void aSubStatementsObjectAndContextActivitiesCountWhereverItsObjectTypeStands() throws Exception {
    String statement = "{\"object\":{\"object\":{\"id\":\"http://example.com/inner\",\"definition\":{\"type\":"
        + "\"http://t/x\"}},\"context\":{\"contextActivities\":{\"other\":{\"id\":\"http://example.com/o\","
        + "\"definition\":{\"type\":\"http://t/o\"}}}},\"objectType\":\"SubStatement\"}}";

    assertThat(found(statement)).containsExactly("http://example.com/inner={\"type\":\"http://t/x\"}",
        "http://example.com/o={\"type\":\"http://t/o\"}");
  }

  @Test
  void objectsThatAreNotActivitiesDefineNothingThoughTheyCarryADefinition() throws Exception {
    String agent = "{\"object\":{\"objectType\":\"Agent\",\"id\":\"http://example.com/a\",\"definition\":{}}}";
    String reference = "{\"object\":{\"objectType\":\"StatementRef\",\"id\":\"http://example.com/a\","
        + "\"object\":{\"id\":\"http://example.com/b\",\"definition\":{}}}}";
    String idNotText = "{\"object\":{\"id\":7,\"definition\":{\"name\":{\"en\":\"x\"}}}}";
    String definitionNotObject = "{\"object\":{\"id\":\"http://example.com/a\",\"definition\":\"text\"}}";

    assertThat(found(agent)).isEmpty();
    assertThat(found(reference)).isEmpty();
    assertThat(found(idNotText)).isEmpty();
    assertThat(found(definitionNotObject)).isEmpty();
  }

  @Test
  void aNullObjectTypeCountsAsAnActivityAndEscapedIdsAreReadAsJsonHasThem() throws Exception {
    String statement = "{\"object\":{\"objectType\":null,\"id\":\"http://example.com/caf\\u00e9\","
        + "\"definition\":{\"b\":[1,{\"c\":true}]}}}";

    assertThat(found(statement)).containsExactly("http://example.com/caf\u00e9={\"b\":[1,{\"c\":true}]}");
  }

  @Test
  void theDefinitionIsTheStatementsOwnNodeSoNothingIsCopied() throws Exception {
    var tree = JSON.readTree("{\"object\":{\"id\":\"http://example.com/a\",\"definition\":{\"type\":\"http://t\"}}}");

    assertThat(DefinedActivity.in(tree).get(0).definition()).isSameAs(tree.get("object").get("definition"));
  }

  /** Each activity found as {@code id=the definition as JSON}. */
  private static List<String> found(String statement) throws Exception {
    return DefinedActivity.in(JSON.readTree(statement)).stream()
        .map(d -> d.id() + "=" + d.definition())
        .toList();
  }
}
