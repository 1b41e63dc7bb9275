package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.learnstream.pipeline.clickhouse.ClickHouseErrors.Kind.DATA;
import static org.learnstream.pipeline.clickhouse.ClickHouseErrors.Kind.FATAL;
import static org.learnstream.pipeline.clickhouse.ClickHouseErrors.Kind.RETRIABLE;

class ClickHouseErrorsTest {

  private static ServerException server(int code, int http) {
    return new ServerException(code, "Code: " + code + ", e.displayText() = DB::Exception: test", http, "q1");
  }

  @Test
  void overloadAndTimeoutCodesAreRetriable() {
    assertThat(ClickHouseErrors.classify(server(252, 500))).isEqualTo(RETRIABLE); // TOO_MANY_PARTS
    assertThat(ClickHouseErrors.classify(server(241, 500))).isEqualTo(RETRIABLE); // MEMORY_LIMIT_EXCEEDED
    assertThat(ClickHouseErrors.classify(server(159, 500))).isEqualTo(RETRIABLE); // TIMEOUT_EXCEEDED
    assertThat(ClickHouseErrors.classify(server(210, 500))).isEqualTo(RETRIABLE); // NETWORK_ERROR
  }

  @Test
  void refusedDataIsADataError() {
    assertThat(ClickHouseErrors.classify(server(53, 500))).isEqualTo(DATA); // TYPE_MISMATCH
    assertThat(ClickHouseErrors.classify(server(27, 400))).isEqualTo(DATA); // CANNOT_PARSE_INPUT_ASSERTION_FAILED
    assertThat(ClickHouseErrors.classify(server(395, 500))).isEqualTo(DATA); // throwIf
  }

  @Test
  void setupMistakesAreFatal() {
    assertThat(ClickHouseErrors.classify(server(60, 404))).isEqualTo(FATAL); // UNKNOWN_TABLE
    assertThat(ClickHouseErrors.classify(server(81, 404))).isEqualTo(FATAL); // UNKNOWN_DATABASE
    assertThat(ClickHouseErrors.classify(server(516, 401))).isEqualTo(FATAL); // AUTHENTICATION_FAILED
  }

  @Test
  void theCodeIsFoundInTheMessageWhenTheHeaderIsMissing() {
    ServerException noHeaderCode = new ServerException(0, "Code: 252, e.displayText() = DB::Exception: Too many parts",
        500, null);
    assertThat(ClickHouseErrors.classify(noHeaderCode)).isEqualTo(RETRIABLE);
    assertThat(ClickHouseErrors.code(noHeaderCode)).isEqualTo(252);
  }

  @Test
  void gatewayErrorsWithoutACodeAreRetriable() {
    assertThat(ClickHouseErrors.classify(new ServerException(0, "Bad Gateway", 502, null))).isEqualTo(RETRIABLE);
    assertThat(ClickHouseErrors.classify(new ServerException(0, "Forbidden", 403, null))).isEqualTo(FATAL);
  }

  @Test
  void networkFailuresAreRetriableHoweverDeeplyWrapped() {
    assertThat(ClickHouseErrors.classify(new ConnectionInitiationException("no", new ConnectException("refused"))))
        .isEqualTo(RETRIABLE);
    assertThat(
        ClickHouseErrors.classify(new ExecutionException(new ClientException("x", new SocketTimeoutException()))))
        .isEqualTo(RETRIABLE);
  }

  @Test
  void unexpectedProgrammingErrorsAreFatal() {
    assertThat(ClickHouseErrors.classify(new IllegalStateException("bug"))).isEqualTo(FATAL);
  }
}
