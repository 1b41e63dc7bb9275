package org.learnstream.jobs.cli;

/** A service the command needs does not answer; the message names the address tried and what to do. */
final class Unreachable extends RuntimeException {
  Unreachable(String message) {
    super(message);
  }
}
