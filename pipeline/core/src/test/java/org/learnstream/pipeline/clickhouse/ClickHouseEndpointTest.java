package org.learnstream.pipeline.clickhouse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseEndpointTest {

  @Test
  void neverPrintsThePassword() {
    ClickHouseEndpoint endpoint = new ClickHouseEndpoint("http://db:8123", "writer", "s3cr3t-value", "learnstream");

    assertThat(endpoint.password()).isEqualTo("s3cr3t-value");
    assertThat(endpoint.toString()).doesNotContain("s3cr3t").contains("****").contains("writer")
        .contains("learnstream");
  }

  @Test
  void defaultsUserAndDatabaseAndShowsAMissingPasswordAsNone() {
    ClickHouseEndpoint endpoint = ClickHouseEndpoint.withPasswordFromEnv("http://127.0.0.1:8123", null,
        "LEARNSTREAM_TEST_UNSET_PASSWORD_VARIABLE", null);
    assertThat(endpoint.user()).isEqualTo("default");
    assertThat(endpoint.database()).isEqualTo("default");
    assertThat(endpoint.toString()).contains("password=<none>");
  }

  @Test
  void rejectsAUrlThatIsNotHttpAndAnUnsafeDatabaseName() {
    assertThatThrownBy(() -> ClickHouseEndpoint.withoutPassword("jdbc:clickhouse://h:8123", "d"))
        .hasMessageContaining("http://host:8123");
    assertThatThrownBy(() -> ClickHouseEndpoint.withoutPassword("http://h:8123", "x; DROP TABLE y"))
        .hasMessageContaining("[A-Za-z_][A-Za-z0-9_]*");
  }
}
