package org.learnstream.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.learnstream.jobs.ingest.DefinedActivity;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentLimits;
import org.learnstream.jobs.ingest.documents.DocumentResources;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.pipeline.simulate.SimulatedStatement;
import org.learnstream.pipeline.simulate.StatementProducer;
import org.learnstream.pipeline.xapi.SealingFacts;

/**
 * Simulated statements sealed as {@code serve} seals them: through the statements publisher of the endpoint's document
 * resources, on the documents database the settings name (by {@code documents.url}, else the embedded one under the
 * data directory, where the job's {@code LearnerRecordAccess} finds the same learner records), with the pseudonymisation
 * key of the environment. Only the last step differs from the endpoint: the sealed records go to the topic through the
 * bench's producer, as the clear ones did, so that the two inputs differ by sealing alone.
 */
final class SealedInput {

  /** Statements per publish, as a batch request to the endpoint brings them. */
  private static final int BATCH = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SealedInput() {
  }

  /** Seals {@code statements} and writes them to {@code producer}'s topic; returns how many were written. */
  static long write(Configuration settings, Path dataDir, Iterator<SimulatedStatement> statements,
      StatementProducer producer, LongConsumer progress) throws StatementPublisher.UnavailableException {
    long[] written = {0};
    try (DocumentResources documents = new DocumentResources(DocumentDatabase.open(settings, dataDir),
        TenantCredentials.developmentDefault(), DocumentLimits.from(settings), Pseudonyms.fromEnvironment());
        StatementPublisher publisher = documents.recording(new ToTopic(producer, n -> progress.accept(
            written[0] += n)))) {
      List<PreparedStatement> batch = new ArrayList<>(BATCH);
      while (statements.hasNext()) {
        SimulatedStatement s = statements.next();
        batch.add(prepared(s));
        if (batch.size() == BATCH || !statements.hasNext()) {
          publisher.publish(batch);
          batch = new ArrayList<>(BATCH);
        }
      }
    }
    return written[0];
  }

  /** As the endpoint's preparer leaves a statement: with the actor and event time sealing reads from its tree. */
  private static PreparedStatement prepared(SimulatedStatement s) {
    JsonNode tree;
    try {
      tree = JSON.readTree(s.json());
    } catch (IOException e) {
      throw new UncheckedIOException("simulated statement " + s.statementId() + " is not JSON", e);
    }
    String stored = tree.path("stored").asText(tree.path("timestamp").asText());
    return new PreparedStatement(s.statementId(), s.actorKey(), s.json(), null, false, null,
        SealingFacts.of(tree, stored), DefinedActivity.in(tree));
  }

  /** The last step of the endpoint's publisher chain, writing what reaches it through the bench's producer. */
  private record ToTopic(StatementProducer producer, LongConsumer published) implements StatementPublisher {

    @Override
    public void publish(List<PreparedStatement> statements) {
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>(statements.size());
      for (PreparedStatement s : statements) {
        if (s.sealed() == null) {
          throw new IllegalStateException("statement " + s.id() + " reached the topic in the clear");
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(producer.topic(), s.key(), s.json());
        s.sealed().writeTo(record.headers());
        records.add(record);
      }
      published.accept(producer.sendRecords(records.iterator(), n -> {
      }));
    }

    @Override
    public void close() {
      // the producer belongs to the caller
    }
  }
}
