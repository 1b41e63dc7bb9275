package org.learnstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TakenPortsTest {

  @Test
  void aBindFailureAmongTheCausesOrInTheServersOwnWordsIsATakenPortAndNothingElseIs() {
    assertThat(TakenPorts.taken(new RuntimeException("startup", new BindException("bind failed")))).isTrue();
    assertThat(TakenPorts.taken(new IllegalStateException("log: Net Exception: Address already in use: 1"))).isTrue();
    assertThat(TakenPorts.taken(new IllegalStateException("fake server: broken config"))).isFalse();
    assertThat(TakenPorts.taken(new IllegalStateException((String) null))).isFalse();
  }

  @Test
  void startsAgainOnlyAfterATakenPortAndAtMostThreeTimes() {
    List<Integer> attempts = new ArrayList<>();
    String started = TakenPorts.startRetrying("test server", attempt -> {
      attempts.add(attempt);
      if (attempt == 1) {
        throw new IllegalStateException("Address already in use");
      }
      return "up on attempt " + attempt;
    });
    assertThat(started).isEqualTo("up on attempt 2");

    attempts.clear();
    assertThatThrownBy(() -> TakenPorts.startRetrying("test server", attempt -> {
      attempts.add(attempt);
      throw new IllegalStateException("Address already in use (attempt " + attempt + ")");
    })).hasMessageContaining("attempt 3");
    assertThat(attempts).containsExactly(1, 2, 3);

    attempts.clear();
    assertThatThrownBy(() -> TakenPorts.startRetrying("test server", attempt -> {
      attempts.add(attempt);
      throw new IllegalStateException("broken config");
    })).hasMessage("broken config");
    assertThat(attempts).containsExactly(1);
  }
}
