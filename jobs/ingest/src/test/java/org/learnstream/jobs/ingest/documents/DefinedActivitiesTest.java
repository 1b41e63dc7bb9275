package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinedActivitiesTest {

  @Test
  void theObjectsDefinitionIsFoundByItsBytesWithTheMembersThatCannotDefineSkipped() {
    String statement = "{\"actor\":{\"mbox\":\"mailto:a@example.com\",\"definition\":{\"x\":1}},"
        + "\"verb\":{\"id\":\"http://example.com/v\"},\"result\":{\"extensions\":{\"http://e/definition\":[{}]}},"
        + "\"object\":{\"definition\":{\"name\":{\"en-US\":\"Quiz\"}},\"id\":\"http://example.com/a\"}}";

    assertThat(found(statement)).containsExactly("http://example.com/a={\"name\":{\"en-US\":\"Quiz\"}}");
  }

  @Test
  void contextActivitiesCountAsOneObjectOrAnArrayInEveryList() {
    String statement = "{\"object\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:a@example.com\"},"
        + "\"context\":{\"registration\":\"6fbd600f-d17c-4c74-801a-2ec2e53231c5\",\"contextActivities\":{"
        + "\"parent\":[{\"id\":\"http://example.com/p\",\"definition\":{\"type\":\"http://t/course\"}},"
        + "{\"id\":\"http://example.com/no-definition\"}],"
        + "\"category\":{\"id\":\"http://example.com/c\",\"definition\":{}}}}}";

    assertThat(found(statement)).containsExactly("http://example.com/p={\"type\":\"http://t/course\"}",
        "http://example.com/c={}");
  }

  @Test
  void aSubStatementsActivitiesCountOnceItsObjectTypeSaysSoEvenWhenItComesLast() {
    String statement = "{\"object\":{\"object\":{\"id\":\"http://example.com/inner\",\"definition\":{\"type\":"
        + "\"http://t/x\"}},\"context\":{\"contextActivities\":{\"other\":{\"id\":\"http://example.com/o\","
        + "\"definition\":{\"type\":\"http://t/o\"}}}},\"objectType\":\"SubStatement\"}}";

    assertThat(found(statement)).containsExactly("http://example.com/inner={\"type\":\"http://t/x\"}",
        "http://example.com/o={\"type\":\"http://t/o\"}");
  }

  @Test
  void objectsThatAreNotActivitiesDefineNothingThoughTheyCarryTheWord() {
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
  void whitespaceEscapesAndBracketsInsideStringsAreReadAsJsonHasThem() {
    String statement = " {\n \"result\" : { \"response\" : \"}]{\\\" \\\\\" , \"score\":{\"raw\": 1.5e2 } } ,"
        + "\t\"obj\\u0065ct\"\r\n: { \"id\" : \"http://example.com/caf\\u00e9\" , \"definition\" :"
        + " { \"name\" : { \"en\" : \"a \\\"quoted\\\" {name}\" } , \"type\":null } } }";

    assertThat(found(statement)).containsExactly(
        "http://example.com/caf\u00e9={ \"name\" : { \"en\" : \"a \\\"quoted\\\" {name}\" } , \"type\":null }");
  }

  @Test
  void aNullObjectTypeCountsAsNoneAndTheLastOfRepeatedDefinitionsIsTheOneFound() {
    String statement = "{\"object\":{\"objectType\":null,\"id\":\"http://example.com/a\",\"definition\":{\"a\":1},"
        + "\"definition\":{\"b\":[1,{\"c\":true}]}}}";

    assertThat(found(statement)).containsExactly("http://example.com/a={\"b\":[1,{\"c\":true}]}");
  }

  /** Each activity found as {@code id=the definition's bytes}. */
  private static List<String> found(String statement) {
    byte[] bytes = statement.getBytes(StandardCharsets.UTF_8);
    return DefinedActivities.in(bytes).stream()
        .map(d -> d.id() + "=" + new String(bytes, d.start(), d.end() - d.start(), StandardCharsets.UTF_8))
        .toList();
  }
}
