package org.learnstream.pipeline.kafka;

/** Bytes that are not a valid Avro single-object message of the expected type. */
public class AvroDecodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AvroDecodeException(String message, Throwable cause) {
    super(message, cause);
  }

  public AvroDecodeException(String message) {
    super(message);
  }
}
