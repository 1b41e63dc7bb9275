package org.learnstream.pipeline.deadletter;

import org.learnstream.schemas.DeadLetter;

/** Where input that cannot be processed goes, with its reason, instead of failing the pipeline. */
@FunctionalInterface
public interface DeadLetterSink {

  void send(DeadLetter deadLetter);
}
