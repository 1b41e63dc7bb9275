package org.learnstream.jobs.ingest;

import java.util.List;
import org.learnstream.pipeline.xapi.Violation;

/** The outcome of preparing one request body: every statement ready, or the request refused. */
public sealed interface Preparation {

  /** All statements of the request passed; in request order. */
  record Ready(List<PreparedStatement> statements) implements Preparation {
  }

  /** Nothing of the request may be written. {@code status} is 400 or 413. */
  record Refused(int status, String error, List<Violation> violations) implements Preparation {
  }
}
