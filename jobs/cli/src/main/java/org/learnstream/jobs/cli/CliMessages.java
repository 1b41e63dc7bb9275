package org.learnstream.jobs.cli;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns input failures into one actionable line. */
final class CliMessages {

  private CliMessages() {
  }

  static String describe(Exception e) {
    if (e instanceof NoSuchFileException missing) {
      String reason = missing.getReason() != null ? missing.getReason() : "file does not exist";
      return reason + ": " + missing.getFile();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
