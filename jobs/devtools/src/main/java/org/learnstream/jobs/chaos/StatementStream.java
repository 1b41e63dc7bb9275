package org.learnstream.jobs.chaos;

/** A steady stream of the cohort's statements into the pipeline's input, counting what its target acknowledged. */
interface StatementStream {

  /** Statements acknowledged so far: Kafka's ack, or the ingest server's 200. */
  long acknowledged();

  /** Waits until the whole cohort is sent and acknowledged; returns the count, or throws when some never was. */
  long awaitAllAcknowledged() throws InterruptedException;
}
