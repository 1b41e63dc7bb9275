package org.learnstream.pipeline.local;

import java.net.BindException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting a local server again when a port chosen for it was taken by another process before the server bound it:
 * a free port stays free only until someone binds it, and a CI run starts a few hundred servers.
 */
public final class TakenPorts {

  private static final Logger LOG = LoggerFactory.getLogger(TakenPorts.class);
  /** Starts of one server, each on new ports after a port was taken. */
  public static final int ATTEMPTS = 3;
  private static final String MESSAGE = "Address already in use";

  private TakenPorts() {
  }

  /**
   * {@code start} with attempt 1, 2, ... (each choosing its own ports) until one starts, one fails for another reason
   * or {@value #ATTEMPTS} found a port taken; the last failure is thrown.
   */
  static <T> T startRetrying(String server, IntFunction<T> start) {
    for (int attempt = 1;; attempt++) {
      try {
        return start.apply(attempt);
      } catch (RuntimeException e) {
        if (attempt == ATTEMPTS || !taken(e)) {
          throw e;
        }
        LOG.warn("A port of the local {} was taken before it bound it; starting on other ports", server);
      }
    }
  }

  /** Whether the failure, or one of its causes, is a bind to a taken port (the servers' own words included). */
  static boolean taken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException || saidIn(String.valueOf(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a server's words (a log, an error message) say it could not bind a port because it was taken. */
  public static boolean saidIn(String text) {
    return text.contains(MESSAGE);
  }
}
