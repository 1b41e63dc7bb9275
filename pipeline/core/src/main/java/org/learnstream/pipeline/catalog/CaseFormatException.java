package org.learnstream.pipeline.catalog;

/** A CASE file that cannot be imported; the message names the file, the place (JSON pointer or item) and the rule. */
public final class CaseFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public CaseFormatException(String origin, String place, String problem) {
    super("CASE framework " + origin + ": " + place + ": " + problem);
  }
}
