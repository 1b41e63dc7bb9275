package org.learnstream.jobs.ingest;

import io.javalin.Javalin;

/**
 * Resources served beside the statements (the document resources), so that the server wires them in without
 * depending on their package: that package builds on this one (credentials, request gate, publisher).
 */
public interface AdditionalResources {

  /** The publisher the statements resource writes through, seeing what it writes. */
  StatementPublisher recording(StatementPublisher publisher);

  /** Adds the routes to {@code app} (before it starts). */
  void route(Javalin app);

  /** Where attachment content is kept, written before the statement that carries it is published. */
  AttachmentStore attachments();
}
