package org.learnstream.jobs.cluster;

/**
 * A process of the cluster exited at start because a port chosen for it was taken before it bound it: a free port
 * stays free only until someone binds it, an outgoing connection's own port included.
 */
final class PortTakenException extends IllegalStateException {

  PortTakenException(String message) {
    super(message);
  }
}
