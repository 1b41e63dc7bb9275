package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.junit.jupiter.api.Test;

class ProducerFailuresTest {

  @Test
  void anOutOfOrderSequenceAnUnknownProducerIdAFencedProducerAndAStaleEpochNeedANewProducer() {
    assertThat(List.of(new OutOfOrderSequenceException("seq 0, expected 19"), new UnknownProducerIdException("unknown"),
        new ProducerFencedException("fenced"), new InvalidProducerEpochException("stale epoch")))
        .allMatch(ProducerFailures::needANewProducer);
  }

  @Test
  void aProducerInAFatalStateIsRecognisedByTheCauseItWraps() {
    KafkaException fatal = new KafkaException("Cannot execute transactional method because we are in an error state",
        new OutOfOrderSequenceException("seq 0, expected 19"));
    assertThat(ProducerFailures.needANewProducer(new ExecutionException(fatal))).isTrue();
  }

  @Test
  void failuresThatTheSameProducerGetsOverDoNotNeedANewOne() {
    assertThat(List.of(new TimeoutException("Expiring 14 record(s)"), new NotLeaderOrFollowerException("moved"),
        new RecordTooLargeException("too large"), new KafkaException("closed")))
        .noneMatch(ProducerFailures::needANewProducer);
    assertThat(ProducerFailures.needANewProducer(null)).isFalse();
  }
}
