package org.learnstream.jobs.ingest;

import java.util.List;
import org.learnstream.pipeline.xapi.Violation;

/** The outcome of preparing one request body: every statement ready, or the request refused. */
public sealed interface Preparation {

  /**
   * All statements of the request passed; in request order.
   *
   * @param array whether the body was an array of statements, so that a statement's path is {@code $[i]}, not {@code $}
   */
  record Ready(List<PreparedStatement> statements, boolean array) implements Preparation {

    /** The JSON path of the {@code index}-th statement in the request body. */
    public String pathAt(int index) {
      return array ? "$[" + index + "]" : "$";
    }

    /** The JSON path of the statement with id {@code statementId} in the request body. */
    public String pathOf(String statementId) {
      for (int i = 0; i < statements.size(); i++) {
        if (statements.get(i).id().equals(statementId)) {
          return pathAt(i);
        }
      }
      throw new IllegalArgumentException("no statement " + statementId + " in the request");
    }
  }

  /** Nothing of the request may be written. {@code status} is 400 or 413. */
  record Refused(int status, String error, List<Violation> violations) implements Preparation {
  }
}
