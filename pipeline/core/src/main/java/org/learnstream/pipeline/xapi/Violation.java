package org.learnstream.pipeline.xapi;

import java.util.Objects;

/**
 * One broken rule in an xAPI statement. The same text is used in HTTP 400 bodies and in dead letters.
 *
 * @param path    JSON path of the offending value, e.g. {@code $.actor.mbox} or {@code $[3].result.score.scaled}
 * @param rule    short stable rule id, e.g. {@code mbox.mailto}; safe to match on
 * @param message what is wrong and what to send instead
 */
public record Violation(String path, String rule, String message) {

  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  /** E.g. {@code $.actor.mbox: must be a mailto: IRI (rule mbox.mailto)}. */
  public String describe() {
    return path + ": " + message + " (rule " + rule + ")";
  }
}
