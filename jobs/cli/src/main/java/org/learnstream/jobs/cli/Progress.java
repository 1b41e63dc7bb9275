package org.learnstream.jobs.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work on stderr: a live bar on a terminal; when stderr goes to a file, a log or CI, a plain line
 * every few seconds, without the carriage returns and escape codes that only a terminal can redraw.
 */
public final class Progress {

  private Progress() {
  }

  /** True when a person watches: the bar is redrawn in place. */
  public static boolean onTerminal() {
    return System.console() != null;
  }

  public static ProgressBar bar(String task, long total) {
    return bar(task, total, onTerminal(), System.err);
  }

  public static ProgressBar bar(String task, long total, boolean terminal, PrintStream err) {
    ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).continuousUpdate();
    if (terminal) {
      builder.setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(err));
    } else {
      builder.setUpdateIntervalMillis(5_000).setConsumer(new DelegatingProgressBarConsumer(err::println));
    }
    return builder.build();
  }
}
