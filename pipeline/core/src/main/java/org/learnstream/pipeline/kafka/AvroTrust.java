package org.learnstream.pipeline.kafka;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 instantiates only trusted classes when decoding into generated classes. Trusting ours here
 * spares a JVM flag wherever our code runs first (the CLI, the local runtime, tests); a Flink cluster's
 * task managers still need {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.learnstream} in
 * {@code env.java.opts.all}, because Flink's own Avro serializer may decode before any of our code runs.
 */
public final class AvroTrust {

  private static volatile boolean registered;

  private AvroTrust() {
  }

  public static void trustLearnstreamClasses() {
    if (registered) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!registered) {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(), cls -> cls.getName().startsWith("org.learnstream.")));
        registered = true;
      }
    }
  }
}
