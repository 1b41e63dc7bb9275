package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(ProducerFailures.needANewProducer(new OutOfOrderSequenceException("seq 0, expected 19"))).isTrue();
    assertThat(ProducerFailures.needANewProducer(new UnknownProducerIdException("unknown"))).isTrue();
    assertThat(ProducerFailures.needANewProducer(new ProducerFencedException("fenced"))).isTrue();
    assertThat(ProducerFailures.needANewProducer(new InvalidProducerEpochException("stale epoch"))).isTrue();
  }

  @Test
  void aProducerInAFatalStateIsRecognisedByTheCauseItWraps() {
    KafkaException fatal = new KafkaException("Cannot execute transactional method because we are in an error state",
        new OutOfOrderSequenceException("seq 0, expected 19"));
    assertThat(ProducerFailures.needANewProducer(new ExecutionException(fatal))).isTrue();
  }

  @Test
  void failuresThatTheSameProducerGetsOverDoNotNeedANewOne() {
    assertThat(ProducerFailures.needANewProducer(new TimeoutException("Expiring 14 record(s)"))).isFalse();
    assertThat(ProducerFailures.needANewProducer(new NotLeaderOrFollowerException("moved"))).isFalse();
    assertThat(ProducerFailures.needANewProducer(new RecordTooLargeException("too large"))).isFalse();
    assertThat(ProducerFailures.needANewProducer(new KafkaException("closed"))).isFalse();
    assertThat(ProducerFailures.needANewProducer(null)).isFalse();
  }
}
