package org.learnstream.pipeline.clickhouse;

/** An insert that cannot succeed by retrying, or was interrupted. */
public class ClickHouseWriteException extends RuntimeException {

  public ClickHouseWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
