package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSearchTest {

  private static boolean contains(String haystack, String needle) {
    return ByteSearch.contains(haystack.getBytes(StandardCharsets.UTF_8), needle.getBytes(StandardCharsets.UTF_8));
  }

  /** Each row: the text, the word, whether the text holds it. */
  @ParameterizedTest(name = "{1} in {0}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "\"attachments\":[]|\"attachments\"|true",
      "{\"id\":\"a\",\"attachments\":[]}|\"attachments\"|true",
      "{\"x\":\"attachments\"|\"attachments\"|true",
      "{\"attachment\":1,\"attachments:\":2}|\"attachments\"|false",
      "\"attachments|\"attachments\"|false",
      "``|\"attachments\"|false",
      "aaab|aab|true",
      "abababc|ababc|true",
      "abababd|ababc|false"})
  void findsAWordWhereverItStandsAndOnlyWhereItIsWhole(String text, String word, boolean found) {
    assertThat(contains(text, word)).isEqualTo(found);
  }

  @Test
  void comparesBytesBeyondAsciiAsTheyAre() {
    assertThat(contains("{\"name\":\"Zoë\",\"x\":\"ë\\\"\"}", "ë\\\"")).isTrue();
    assertThat(ByteSearch.contains(new byte[] {1, (byte) 0xff, (byte) 0x80, 2}, new byte[] {(byte) 0xff, (byte) 0x80}))
        .isTrue();
    assertThat(ByteSearch.contains(new byte[] {(byte) 0x80, (byte) 0xff}, new byte[] {(byte) 0xff, (byte) 0x80}))
        .isFalse();
  }

  @Test
  void anEmptyWordIsInEveryText() {
    assertThat(contains("", "")).isTrue();
    assertThat(contains("abc", "")).isTrue();
  }

  @Test
  void agreesWithStringIndexOfOnRandomTextsOfAFewLetters() {
    Random random = new Random(21);
    for (int round = 0; round < 20_000; round++) {
      String haystack = randomText(random, random.nextInt(40));
      String needle = randomText(random, 1 + random.nextInt(5));
      assertThat(contains(haystack, needle)).as("%s in %s", needle, haystack).isEqualTo(haystack.contains(needle));
    }
  }

  @Test
  void oneSearchBuiltOnceAnswersForEveryTextItIsGiven() {
    ByteSearch definition = ByteSearch.of("\"definition\"".getBytes(StandardCharsets.UTF_8));

    assertThat(definition.in("{\"object\":{\"definition\":{}}}".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(definition.in("{\"object\":{\"id\":\"x\"}}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(definition.in("\"definition\"".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  private static String randomText(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append("ab\"c".charAt(random.nextInt(4)));
    }
    return b.toString();
  }
}
