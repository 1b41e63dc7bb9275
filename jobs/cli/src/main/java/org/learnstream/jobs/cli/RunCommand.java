package org.learnstream.jobs.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.metrics.JobMetrics;
import org.learnstream.jobs.metrics.MetricsEndpoint;
import org.learnstream.jobs.settings.MetricsOptions;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.runtime.LocalRuntime;
import org.learnstream.jobs.runtime.ResumableJob;
import org.learnstream.jobs.settings.RuntimeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Runs the pipeline without end in this JVM, resuming from the newest retained checkpoint or savepoint in the
 * checkpoint directory; SIGTERM (Ctrl-C) stops it with a savepoint there, so the next start continues exactly.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the pipeline live on the Kafka and ClickHouse of the settings (embedded ones when "
        + "unset).",
        "Starts from the newest checkpoint or savepoint in pipeline.checkpoint-dir; SIGTERM or Ctrl-C stops "
            + "the job with a savepoint into that directory. Serves the job's metrics at /metrics "
            + "(metrics.port)."})
final class RunCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR",
      description = "Sets pipeline.checkpoint-dir: Checkpoint and savepoint directory.")
  Path checkpointDir;

  @Option(names = "--from-savepoint", paramLabel = "PATH",
      description = "Start from this savepoint or checkpoint instead of the newest one in the directory.")
  Path fromSavepoint;

  @Option(names = "--fresh", description = "Ignore earlier checkpoints and start from the committed Kafka offsets.")
  boolean fresh;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load(new SettingOverrides().set(PipelineOptions.CHECKPOINT_DIR,
        checkpointDir == null ? null : checkpointDir.toAbsolutePath().toString()));
    if (settings.get(PipelineOptions.CHECKPOINT_DIR) == null && settings.get(RuntimeOptions.DATA_DIR) == null) {
      throw new ConfigException(
          "'run' needs a checkpoint directory to resume after a crash: pass --checkpoint-dir DIR, "
              + "set pipeline.checkpoint-dir (LEARNSTREAM_PIPELINE_CHECKPOINT_DIR), or set runtime.data-dir "
              + "(LEARNSTREAM_RUNTIME_DATA_DIR; checkpoints then go to its checkpoints/ next to the event log)");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Configuration flink = new Configuration();
    Reachability.requireServicesOf(settings);
    try (LocalRuntime runtime = LocalRuntime.start(settings, line -> out.println("learnstream run: " + line));
        JobMetrics jobMetrics = JobMetrics.reportTo(flink, registry, PipelineJob.consumerGroups(settings));
        AutoCloseable endpoint = metricsEndpoint(settings, registry)) {
      Configuration pipeline = runtime.pipelineSettings(settings);
      String dir = pipeline.get(PipelineOptions.CHECKPOINT_DIR);
      Optional<Path> resume = ResumableJob.resume(flink, fresh, fromSavepoint, dir);
      out.println("learnstream run: " + resume.map(p -> "resuming from " + p).orElse("starting without a snapshot"));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
      PipelineJob.configure(env, pipeline);
      PipelineJob.wire(env, pipeline, runtime.kafkaBootstrap(), runtime.clickHouse(), false);
      JobClient job = ResumableJob.start(env, resume);
      out.println("learnstream run: job " + job.getJobID() + " running; checkpoints in " + dir);
      // SIGTERM and Ctrl-C stop the job with a savepoint, then this method returns and closes the services. A JVM
      // shutdown hook instead would race the embedded ClickHouse server's own hook, which stops the server while
      // the savepoint still flushes rows into it.
      for (String name : List.of("TERM", "INT")) {
        Signal.handle(new Signal(name),
            signal -> new Thread(() -> stopWithSavepoint(job), "learnstream-stop-with-savepoint").start());
      }
      job.getJobExecutionResult().get();
      return 0;
    }
  }

  /** The job's metrics at /metrics on the port of the settings, unless that is -1. */
  private AutoCloseable metricsEndpoint(Configuration settings, PrometheusMeterRegistry registry) {
    int port = settings.get(MetricsOptions.PORT);
    if (port < 0) {
      out.println("learnstream run: no metrics endpoint (metrics.port is -1)");
      return () -> {
      };
    }
    MetricsEndpoint endpoint = MetricsEndpoint.start(settings.get(MetricsOptions.HOST), port, registry);
    out.println("learnstream run: metrics at " + endpoint.url());
    return endpoint;
  }

  private void stopWithSavepoint(JobClient job) {
    ResumableJob.stop(job, line -> out.println("learnstream run: " + line),
        line -> System.err.println("learnstream run: " + line));
  }
}
