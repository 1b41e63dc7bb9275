package org.learnstream.jobs.cli;

import java.util.Map;

/**
 * Verbs that another module adds to the {@code learnstream} command, found with {@link java.util.ServiceLoader}. The
 * development distribution (module devtools) adds demo, bench, chaos and evaluate-alerts; an installation, which
 * deploys the CLI without the tooling, has none of them.
 */
public interface MoreVerbs {

  /** Each verb's name and its picocli command object, in the order the help lists them. */
  Map<String, Object> verbs();
}
