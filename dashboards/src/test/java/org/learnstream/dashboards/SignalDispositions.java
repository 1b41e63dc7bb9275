package org.learnstream.dashboards;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process's signal handlers, saved and put back around calls into chDB. The JVM relies on its own handlers for
 * SIGSEGV, SIGBUS, SIGFPE and SIGILL (implicit null checks, stack banging, safepoints) and on SIGQUIT, SIGTERM,
 * SIGINT and SIGHUP for thread dumps and shutdown hooks. chDB either installs its crash handlers or, when told not
 * to, resets the crash signals to their defaults: either way the JVM would die at its next implicit null check.
 */
final class SignalDispositions {

  /** Larger than glibc's {@code struct sigaction} on x86_64 (152 bytes). */
  private static final int SIGACTION_SIZE = 256;
  private static final int SIGKILL = 9;
  private static final int SIGSTOP = 19;
  private static final int LAST_STANDARD_SIGNAL = 31;

  interface LibC extends Library {
    int sigaction(int signal, Pointer action, Pointer previous);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private final Map<Integer, Memory> saved = new LinkedHashMap<>();

  private SignalDispositions() {
  }

  static SignalDispositions save() {
    SignalDispositions dispositions = new SignalDispositions();
    for (int signal = 1; signal <= LAST_STANDARD_SIGNAL; signal++) {
      if (signal == SIGKILL || signal == SIGSTOP) {
        continue;
      }
      Memory action = new Memory(SIGACTION_SIZE);
      action.clear();
      if (LIBC.sigaction(signal, null, action) != 0) {
        throw new IllegalStateException("sigaction cannot read the handler of signal " + signal);
      }
      dispositions.saved.put(signal, action);
    }
    return dispositions;
  }

  void restore() {
    saved.forEach((signal, action) -> {
      if (LIBC.sigaction(signal, action, null) != 0) {
        throw new IllegalStateException("sigaction cannot restore the handler of signal " + signal);
      }
    });
  }
}
