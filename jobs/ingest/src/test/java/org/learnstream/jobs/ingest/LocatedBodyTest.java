package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocatedBodyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocatedBody parse(String body) throws Exception {
    return LocatedBody.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String slice(String body, LocatedBody located, int i) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new String(bytes, located.starts()[i], located.ends()[i] - located.starts()[i], StandardCharsets.UTF_8);
  }

  @Test
  void locatesEachObjectOfAnArrayFromBraceToBrace() throws Exception {
    String body = " [ {\"a\":\"ü}\"} ,\n{\"b\":[{}]}]";

    LocatedBody located = parse(body);

    assertThat(located.located()).isTrue();
    assertThat(located.root().size()).isEqualTo(2);
    assertThat(slice(body, located, 0)).isEqualTo("{\"a\":\"ü}\"}");
    assertThat(slice(body, located, 1)).isEqualTo("{\"b\":[{}]}");
  }

  @Test
  void locatesASingleObjectAfterLeadingWhitespace() throws Exception {
    String body = "\n\t {\"a\":1} ";

    LocatedBody located = parse(body);

    assertThat(slice(body, located, 0)).isEqualTo("{\"a\":1}");
    assertThat(located.root()).isEqualTo(JSON.readTree(body));
  }

  @Test
  void refusesContentAfterTheStatementOrTheArrayAsNotJson() {
    for (String body : new String[] {"[{\"a\":1}] x", "{\"a\":1} {\"b\":2}", "[{\"a\":1}]]", "[1] 2"}) {
      assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(JsonProcessingException.class);
    }
  }

  @Test
  void leavesUnlocatedWhatCannotBeSplicedButParsesItAsBefore() throws Exception {
    for (String body : new String[] {"[{\"a\":1}, 2]", "{\"a\":1,\"a\":2}", "[{\"a\":{\"b\":[{\"c\":1,\"c\":1}]}}]",
        "\"text\"", "[[{\"a\":1}]]", "null"}) {
      LocatedBody located = parse(body);
      assertThat(located.located()).as(body).isFalse();
      assertThat(located.root()).as(body).isEqualTo(JSON.readTree(body));
    }
    String utf16 = "{\"a\":1}";
    LocatedBody located = LocatedBody.parse(JSON, utf16.getBytes(StandardCharsets.UTF_16LE));
    assertThat(located.located()).isFalse();
    assertThat(located.root()).isEqualTo(JSON.readTree(utf16));
  }

  @Test
  void failsOnBrokenJsonLikeThePlainParse() {
    assertThatThrownBy(() -> parse("[{\"a\":1},")).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> parse("{\"a\":}")).isInstanceOf(JsonProcessingException.class);
  }
}
