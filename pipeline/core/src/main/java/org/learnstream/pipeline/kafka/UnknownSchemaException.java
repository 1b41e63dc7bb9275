package org.learnstream.pipeline.kafka;

/** A message written with a schema version this reader does not know (by its fingerprint). */
public class UnknownSchemaException extends AvroDecodeException {

  private static final long serialVersionUID = 1L;

  private final long fingerprint;

  public UnknownSchemaException(String recordName, long fingerprint, Throwable cause) {
    super(String.format("%s message written with an unknown schema (fingerprint %016x): it is neither the "
        + "current schema nor a version kept in schemas/history/%s; upgrade this reader or add the writer's "
        + "schema to the history", recordName, fingerprint, recordName), cause);
    this.fingerprint = fingerprint;
  }

  public long fingerprint() {
    return fingerprint;
  }
}
