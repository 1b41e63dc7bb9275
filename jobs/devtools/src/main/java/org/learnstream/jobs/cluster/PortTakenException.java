package org.learnstream.jobs.cluster;

/**
 * A process of the cluster exited at start because a port chosen for it was taken before it bound it: a free port
 * stays free only until someone binds it, an outgoing connection's own port included.
 */
final class PortTakenException extends IllegalStateException {

  private static final String BIND_FAILURE = "Address already in use";

  PortTakenException(String message) {
    super(message);
  }

  /** Whether a process's log says it could not bind a port. */
  static boolean saidBy(String log) {
    return log.contains(BIND_FAILURE);
  }
}
