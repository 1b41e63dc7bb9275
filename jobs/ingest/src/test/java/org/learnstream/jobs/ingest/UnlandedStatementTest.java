package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnlandedStatementTest {

  private static UnlandedStatement written(String json) {
    return new UnlandedStatement(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyReadSharesTheTreeParsedByTheFirst() {
    UnlandedStatement s = written("{\"id\":\"A1\",\"stored\":\"2026-03-01T10:00:00.250Z\"}");

    assertThat(s.tree()).isSameAs(s.tree());
    assertThat(s.tree().path("id").asText()).isEqualTo("A1");
  }

  @Test
  void knowsItsPlaceInTheOrderOfPages() {
    UnlandedStatement s = written("{\"id\":\"A1\",\"stored\":\"2026-03-01T10:00:00.250Z\"}");

    assertThat(s.storedMillis()).isEqualTo(Instant.parse("2026-03-01T10:00:00.250Z").toEpochMilli());
    assertThat(s.id()).isEqualTo("a1");
  }

  @Test
  void aStatementWithoutAStoredTimeHasNoPlace() {
    assertThat(written("{\"id\":\"a1\"}").storedMillis()).isEqualTo(-1);
  }

  @Test
  void keepsTheJsonAsWritten() {
    byte[] json = "{\"id\":\"a1\" }".getBytes(StandardCharsets.UTF_8);

    assertThat(new UnlandedStatement(json).json()).isSameAs(json);
  }

  @Test
  void textThatIsNotJsonIsAnErrorOfTheServerNotOfTheReader() {
    assertThatThrownBy(() -> written("{not json").tree()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not JSON");
  }
}
