package org.learnstream.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.learnstream.pipeline.mastery.ResponseCsvReader;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.mastery.bestlr.BestLrFitter;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import org.learnstream.pipeline.mastery.bestlr.Counts;

/** {@code fit --model best-lr}: reads the responses in stream order, fits Best-LR and writes its model file. */
record BestLrFit(ResponseInputOptions input, Path outFile, String id, double regularisation) {

  int run(PrintWriter out, PrintWriter err) {
    BestLrFitter fitter;
    try {
      fitter = new BestLrFitter(new BestLrFitter.Options(regularisation, BestLrFitter.Options.DEFAULTS.tolerance()));
    } catch (IllegalArgumentException e) {
      err.println("fit: --regularisation: " + e.getMessage());
      return FitCommand.BAD_INPUT;
    }
    ResponseLog log;
    try {
      ResponseInputOptions.ResponseFormat format = input.format();
      out.println(format.describe());
      out.flush();
      log = new ResponseCsvReader(format.mapping()).readLog(input.responses);
    } catch (IOException | IllegalArgumentException e) {
      err.println("fit: " + CliMessages.describe(e));
      return FitCommand.BAD_INPUT;
    }
    if (log.responseCount() == 0) {
      err.println("fit: " + input.responses + " holds no responses with a skill");
      return FitCommand.BAD_INPUT;
    }
    out.printf(Locale.ROOT, "read %d responses of %d learners, %d skills, %d items from %s%n",
        log.responseCount(), log.userNames().size(), log.skillNames().size(), log.itemNames().size(),
        input.responses);
    out.flush();
    String version = FitCommand.BEST_LR + "/" + (id != null ? id : CliMessages.stem(input.responses));
    long start = System.nanoTime();
    BestLrFitter.FitResult result = fitter.fit(log, version, line -> {
      out.println(line);
      out.flush();
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    try {
      BestLrModelFile.write(outFile, result.model(), regularisation, result.responses());
    } catch (IOException e) {
      err.println("fit: cannot write --out " + outFile + ": " + e.getMessage());
      return FitCommand.BAD_INPUT;
    }
    out.printf(Locale.ROOT, "fitted best-lr on %d responses in %.2f s (L2, C=%s); state in the job %d bytes per "
        + "learner besides its key, none per learner x skill beyond the mastery state%n", result.responses(), seconds,
        regularisation, Counts.BYTES);
    out.printf(Locale.ROOT, "wrote %s (model version %s); the job applies it with mastery.best-lr-file: %s%n", outFile,
        version, outFile);
    out.flush();
    return FitCommand.OK;
  }
}
