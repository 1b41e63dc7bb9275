package org.learnstream.jobs.ingest.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.KafkaStatementPublisher;
import org.learnstream.jobs.ingest.Preparation;
import org.learnstream.jobs.ingest.StatementBatchPreparer;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.pipeline.xapi.StatementValidator;
import org.learnstream.pipeline.xapi.XapiVersion;

/**
 * Writes batches straight to the statements topic, prepared exactly as the endpoint would (validated,
 * ids/stored/authority assigned), for bulk loads and replays without the HTTP hop.
 */
public final class KafkaBatchTarget implements BatchTarget {

  private final ObjectMapper json = new ObjectMapper();
  private final StatementBatchPreparer preparer;
  private final StatementPublisher publisher;
  private final TenantCredentials.Principal principal;
  private final XapiVersion version;

  public KafkaBatchTarget(KafkaPublisherSettings settings, String tenant, XapiVersion version) {
    this.preparer = new StatementBatchPreparer(new StatementValidator(), new IngestLimits(Integer.MAX_VALUE, 100_000));
    this.publisher = new KafkaStatementPublisher(settings, new SimpleMeterRegistry());
    this.principal = new TenantCredentials.Principal(tenant, "learnstream-send");
    this.version = version;
  }

  @Override
  public Outcome send(List<JsonNode> batch) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(batch);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new Outcome.Fatal("could not write the batch as JSON: " + e.getMessage());
    }
    Preparation prepared = preparer.preparePost(principal.tenant(), principal.authority(), version, body,
        Instant.now());
    if (prepared instanceof Preparation.Refused r) {
      return new Outcome.Refused(r.status(), r.violations());
    }
    List<org.learnstream.jobs.ingest.PreparedStatement> statements = ((Preparation.Ready) prepared).statements();
    try {
      publisher.publish(statements);
      return new Outcome.Accepted(statements.size());
    } catch (StatementPublisher.UnavailableException e) {
      return new Outcome.Unavailable(e.getMessage());
    }
  }

  @Override
  public void close() {
    publisher.close();
  }
}
