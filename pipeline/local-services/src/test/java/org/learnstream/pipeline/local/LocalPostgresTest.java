package org.learnstream.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

  @Test
  void aPortTakenBetweenItsChoiceAndTheServersBindMakesItStartAgainOnAnother() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        LocalPostgres postgres = LocalPostgres.start(taken.getLocalPort())) {
      assertThat(postgres.port()).isNotEqualTo(taken.getLocalPort());
      postgres.createDatabase("answers"); // createdb connects to the server on its new port
    }
  }
}
