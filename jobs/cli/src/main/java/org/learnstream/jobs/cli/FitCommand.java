package org.learnstream.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.time.Instant;
import org.learnstream.jobs.kafka.ReferencePublisher;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.mastery.EmFitter;
import org.learnstream.pipeline.mastery.PublishedParameters;
import org.learnstream.schemas.SkillParameters;
import org.learnstream.pipeline.mastery.ResponseCsvReader;
import org.learnstream.pipeline.mastery.ResponseTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fits BKT parameters per skill, or a Best-LR model, from a response history and writes them as JSON. */
@Command(name = "fit", mixinStandardHelpOptions = true,
    description = "Fit BKT parameters per skill (EM), or a Best-LR model (--model best-lr), from a response file "
        + "and write them as JSON.")
public final class FitCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int BAD_INPUT = 2;
  static final int KAFKA_FAILED = 3;
  static final String BKT = "bkt";
  static final String BEST_LR = "best-lr";

  @Spec
  CommandSpec spec;

  @Mixin
  ResponseInputOptions input = new ResponseInputOptions();

  @Option(names = "--model", defaultValue = BKT, paramLabel = "MODEL",
      description = "Model to fit: bkt (per skill, by EM) or best-lr (logistic regression over item and skill "
          + "effects and the learner's earlier successes and failures, per skill and overall). "
          + "Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--regularisation", defaultValue = "1.0", paramLabel = "C",
      description = "best-lr: inverse strength C of the L2 penalty on the weights (larger is weaker). "
          + "Default: ${DEFAULT-VALUE}.")
  double regularisation;

  @Option(names = "--out", required = true, paramLabel = "PARAMS.json", description = "Where to write the parameters.")
  Path outFile;

  @Option(names = "--id", paramLabel = "ID",
      description = "Parameter-set id (the model version is bkt/ID or best-lr/ID). Default: the response file name.")
  String id;

  @Option(names = "--forgetting", description = "Also fit P(forget); standard BKT keeps it at 0.")
  boolean forgetting;

  @Option(names = "--restarts", defaultValue = "5", paramLabel = "N",
      description = "EM starts per skill; the best likelihood wins. Default: ${DEFAULT-VALUE}.")
  int restarts;

  @Option(names = "--max-iterations", defaultValue = "300", paramLabel = "N",
      description = "EM iterations per start. Default: ${DEFAULT-VALUE}.")
  int maxIterations;

  @Option(names = "--kafka", paramLabel = "HOST:PORT",
      description = "Also publish the set to the compacted topic skill.parameters on this Kafka cluster "
          + "(setting kafka.bootstrap-servers); a running pipeline picks it up without a restart.")
  String kafka;

  @Option(names = "--publish-to", paramLabel = "HOST:PORT", hidden = true, description = "Deprecated name of --kafka.")
  String formerKafka;

  @Option(names = "--topic-prefix", defaultValue = "", paramLabel = "PREFIX",
      description = "Prefix of the topic names on that cluster (setting kafka.topic-prefix). Default: none.")
  String topicPrefix;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED", description = "Seed of the random starts.")
  long seed;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (BEST_LR.equals(model)) {
      if (kafka != null || formerKafka != null) {
        err.println("fit: --kafka publishes BKT parameter sets; the job reads a best-lr model from its file "
            + "(setting mastery.best-lr-file)");
        return BAD_INPUT;
      }
      return new BestLrFit(input, outFile, id, regularisation).run(out, err);
    }
    if (!BKT.equals(model)) {
      err.println("fit: --model must be " + BKT + " or " + BEST_LR + ", got '" + model + "'");
      return BAD_INPUT;
    }
    EmFitter.Options options;
    ResponseInputOptions.ResponseFormat format;
    ResponseTable table;
    try {
      options = new EmFitter.Options(restarts, maxIterations, 1e-6, forgetting, seed, 0.499);
      format = input.format();
      table = ResponseCsvReader.read(input.responses, format.mapping());
    } catch (IOException | IllegalArgumentException e) {
      err.println("fit: " + CliMessages.describe(e));
      return BAD_INPUT;
    }
    int skills = table.skills().size();
    if (skills == 0) {
      err.println("fit: " + input.responses + " holds no responses with a skill");
      return BAD_INPUT;
    }
    out.println(format.describe());
    out.printf(Locale.ROOT, "read %d responses, %d skills, %d learner x skill sequences from %s%n",
        table.responseCount(), skills, table.sequenceCount(), input.responses);
    out.flush();

    AtomicInteger done = new AtomicInteger();
    int step = Math.max(1, skills / 10);
    long start = System.nanoTime();
    String setId = id != null ? id : CliMessages.stem(input.responses);
    EmFitter.FitResult result = new EmFitter(options).fitAll(table, setId, fit -> {
      int n = done.incrementAndGet();
      if (n % step == 0 || n == skills) {
        synchronized (out) {
          out.printf(Locale.ROOT, "fitted %d/%d skills%n", n, skills);
          out.flush();
        }
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    try {
      result.parameters().write(outFile);
    } catch (IOException e) {
      err.println("fit: cannot write --out " + outFile + ": " + e.getMessage());
      return BAD_INPUT;
    }
    long notConverged = result.fits().stream().filter(f -> !f.converged()).count();
    double logLikelihood = result.fits().stream().mapToDouble(EmFitter.SkillFit::logLikelihood).sum();
    out.printf(Locale.ROOT,
        "fitted %d skills in %.2f s (%d restarts each, forgetting %s); %d hit the iteration limit%n",
        skills, seconds, restarts, forgetting ? "fitted" : "off", notConverged);
    out.printf(Locale.ROOT, "log-likelihood per response %.5f%n", logLikelihood / table.responseCount());
    out.printf(Locale.ROOT, "wrote %s (model version %s)%n", outFile, result.parameters().modelVersion());
    out.flush();
    String publishTo = DeprecatedNames.flag(spec, "--kafka", kafka, "--publish-to", formerKafka);
    if (publishTo != null) {
      String topic = topicPrefix + Topics.SKILL_PARAMETERS;
      try {
        int published = ReferencePublisher.publish(publishTo, topic, SkillParameters.class,
            PublishedParameters.records(result.parameters(), Instant.now()), SkillParameters::getSkill,
            Duration.ofSeconds(30));
        out.printf(Locale.ROOT, "published %d records (%d skills + defaults) to %s at %s%n",
            published, published - 1, topic, publishTo);
      } catch (IllegalStateException e) {
        err.println("fit: --kafka: " + e.getMessage());
        return KAFKA_FAILED;
      }
    }
    out.flush();
    return OK;
  }
}
