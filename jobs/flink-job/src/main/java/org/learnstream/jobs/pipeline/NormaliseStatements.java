package org.learnstream.jobs.pipeline;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.deadletter.DeadLetterCounters;
import org.learnstream.pipeline.deadletter.DeadLetterFactory;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.StatementNormalizer;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;
import org.learnstream.schemas.LearningEvent;

/**
 * Raw statement bytes from Kafka to {@link LearningEvent}s. Anything that cannot be normalised leaves through the
 * dead-letter side output with its reason and original bytes, so a poison pill never fails the job.
 */
public class NormaliseStatements extends ProcessFunction<RawStatement, LearningEvent> {

  public static final String ORIGIN = "normalise";

  private final String defaultTenant;
  private transient StatementNormalizer normalizer;
  private transient Counter accepted;
  private transient Counter rejected;
  private transient DeadLetterCounters deadLetters;

  public NormaliseStatements(String defaultTenant) {
    this.defaultTenant = defaultTenant;
  }

  @Override
  public void open(OpenContext openContext) {
    // a statement's declared version chooses its rules, as at the endpoint; without one (written to Kafka directly,
    // not through the endpoint, which stamps it) it gets the 1.0.x rules
    normalizer = new StatementNormalizer(new StatementValidator(), Pseudonyms.fromEnvironment(), XapiVersion.V1_0_3);
    accepted = getRuntimeContext().getMetricGroup().counter("statementsAccepted");
    rejected = getRuntimeContext().getMetricGroup().counter("statementsRejected");
    deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(RawStatement raw, Context ctx, Collector<LearningEvent> out) {
    String tenant = raw.tenant == null || raw.tenant.isBlank() ? defaultTenant : raw.tenant;
    var result = normalizer.normalize(tenant, raw.value, raw.kafkaTimestamp);
    if (result instanceof StatementNormalizer.Accepted a) {
      accepted.inc();
      out.collect(a.event());
    } else if (result instanceof StatementNormalizer.Rejected r) {
      rejected.inc();
      deadLetters.count(ORIGIN, r.violation().rule());
      ctx.output(SideOutputs.DEAD_LETTERS, DeadLetterFactory.forRejectedInput(
          ORIGIN, raw.topic, raw.partition, raw.offset, tenant, r.violation().path(), r.violation().rule(),
          r.violation().describe(), raw.value, raw.kafkaTimestamp));
    }
  }
}
