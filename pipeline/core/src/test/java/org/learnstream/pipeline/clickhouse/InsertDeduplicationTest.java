package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InsertDeduplicationTest {

  @Test
  void onlyServersFrom22Point2OnAreSentTheToken() {
    assertThat(InsertDeduplication.supportsToken("18.16.1")).isFalse();
    assertThat(InsertDeduplication.supportsToken("22.1.3.7")).isFalse();
    assertThat(InsertDeduplication.supportsToken("22.2.1.2139")).isTrue();
    assertThat(InsertDeduplication.supportsToken("24.8.4.13\n")).isTrue();
    assertThat(InsertDeduplication.supportsToken("not a version")).isFalse();
  }

  @Test
  void aRetriedBatchHasTheSameTokenAndAnotherBatchOrTableAnother() {
    byte[] data = "xxrowsyy".getBytes(StandardCharsets.UTF_8);
    String token = InsertDeduplication.token("db.t", data, 2, 4);
    assertThat(InsertDeduplication.token("db.t", "rows".getBytes(StandardCharsets.UTF_8), 0, 4)).isEqualTo(token);
    assertThat(InsertDeduplication.token("db.u", data, 2, 4)).isNotEqualTo(token);
    assertThat(InsertDeduplication.token("db.t", data, 2, 3)).isNotEqualTo(token);
  }
}
