package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.ClickHouseException;
import com.clickhouse.client.api.ServerException;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decides what a failed ClickHouse call means for the rows in it. */
public final class ClickHouseErrors {

  public enum Kind {
    /** The server or the network is unwell; the same request may succeed later. Retry, never drop. */
    RETRIABLE,
    /** Something in the rows is refused; retrying the same rows fails again. Isolate and dead-letter them. */
    DATA,
    /** The setup is wrong (unknown table or database, credentials, permissions, our own SQL): no row is at
     * fault, so dead-lettering would only hide the problem. Fail loudly with what to fix. */
    FATAL
  }

  /** Server error codes worth retrying (ClickHouse src/Common/ErrorCodes.cpp). */
  private static final Set<Integer> RETRIABLE_CODES = Set.of(
      159, // TIMEOUT_EXCEEDED
      160, // TOO_SLOW
      202, // TOO_MANY_SIMULTANEOUS_QUERIES
      203, // NO_FREE_CONNECTION
      209, // SOCKET_TIMEOUT
      210, // NETWORK_ERROR
      225, // NO_ZOOKEEPER
      236, // ABORTED
      241, // MEMORY_LIMIT_EXCEEDED
      242, // TABLE_IS_READ_ONLY
      252, // TOO_MANY_PARTS
      285, // TOO_FEW_LIVE_REPLICAS
      319, // UNKNOWN_STATUS_OF_INSERT
      394, // QUERY_WAS_CANCELLED
      425, // SYSTEM_ERROR
      439, // CANNOT_SCHEDULE_TASK
      999 // KEEPER_EXCEPTION
  );

  /** Server error codes that say the configuration, not the data, is wrong. */
  private static final Set<Integer> FATAL_CODES = Set.of(
      16, // NO_SUCH_COLUMN_IN_TABLE
      60, // UNKNOWN_TABLE
      62, // SYNTAX_ERROR
      81, // UNKNOWN_DATABASE
      164, // READONLY
      192, // UNKNOWN_USER
      193, // WRONG_PASSWORD
      194, // REQUIRED_PASSWORD
      195, // IP_ADDRESS_NOT_ALLOWED
      497, // ACCESS_DENIED
      516 // AUTHENTICATION_FAILED
  );

  private static final Pattern CODE_IN_MESSAGE = Pattern.compile("Code: (\\d+)");

  private ClickHouseErrors() {
  }

  public static Kind classify(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ServerException se) {
        int code = se.getCode() > 0 ? se.getCode() : codeInMessage(se.getMessage());
        if (code <= 0) {
          // no ClickHouse code: an HTTP error from something in between (proxy, load balancer)
          int http = se.getTransportProtocolCode();
          return http >= 500 || http == 429 || http == 408 ? Kind.RETRIABLE : Kind.FATAL;
        }
        return kindOfCode(code);
      }
      if (t instanceof IOException) {
        return Kind.RETRIABLE; // refused, reset, timed out, no response
      }
    }
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClickHouseException che && che.isRetryable()) {
        return Kind.RETRIABLE;
      }
    }
    return Kind.FATAL;
  }

  public static Kind kindOfCode(int code) {
    if (RETRIABLE_CODES.contains(code)) {
      return Kind.RETRIABLE;
    }
    return FATAL_CODES.contains(code) ? Kind.FATAL : Kind.DATA;
  }

  /** The server's error code, or -1. */
  public static int code(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ServerException se) {
        return se.getCode() > 0 ? se.getCode() : codeInMessage(se.getMessage());
      }
    }
    return -1;
  }

  private static int codeInMessage(String message) {
    if (message == null) {
      return -1;
    }
    Matcher m = CODE_IN_MESSAGE.matcher(message);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
