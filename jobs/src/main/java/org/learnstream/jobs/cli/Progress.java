package org.learnstream.jobs.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of long work on stderr: a live bar on a terminal, a line every few seconds in logs and CI. */
public final class Progress {

  private Progress() {}

  public static ProgressBar bar(String task, long total) {
    ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).continuousUpdate();
    if (System.console() != null) {
      builder.setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err));
    } else {
      builder.setUpdateIntervalMillis(5_000).setConsumer(new DelegatingProgressBarConsumer(System.err::println));
    }
    return builder.build();
  }
}
