package org.learnstream.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.DeadLetter;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

class AvroRecordsTest {

  private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void aCopyEqualsWhatAvrosOwnDeepCopyGives() {
    LearningEvent event = event();

    LearningEvent copy = AvroRecords.copy(event);

    assertThat(copy).isEqualTo(SpecificData.get().deepCopy(event.getSchema(), event)).isNotSameAs(event);
    assertThat(copy.getStatementJson()).isEqualTo(event.getStatementJson());
  }

  @Test
  void changingTheOriginalsListOrBytesLeavesTheCopyAsItWas() {
    LearningEvent event = event();
    DeadLetter letter = DeadLetter.newBuilder().setId("d").setOrigin("o").setRule("r").setReason("why")
        .setPayload(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8))).setReceivedAt(AT).build();

    LearningEvent eventCopy = AvroRecords.copy(event);
    DeadLetter letterCopy = AvroRecords.copy(letter);
    event.getSkills().add("decimals");
    event.setCourse("another");
    letter.getPayload().put(0, (byte) 'x');

    assertThat(eventCopy.getSkills()).containsExactly("fractions");
    assertThat(eventCopy.getCourse()).isEqualTo("course-1");
    assertThat(StandardCharsets.UTF_8.decode(letterCopy.getPayload()).toString()).isEqualTo("abc");
  }

  @Test
  void aCopyWithoutSomeFieldsHasThemNullAndEveryOtherFieldAsACopyHasIt() {
    LearningEvent event = event();
    event.setSealedStatement(ByteBuffer.wrap(new byte[] {1, 2, 3}));

    LearningEvent without = AvroRecords.copyWithout(event, "statementJson", "sealedStatement");

    assertThat(without.getStatementJson()).isNull();
    assertThat(without.getSealedStatement()).isNull();
    without.setStatementJson(event.getStatementJson());
    without.setSealedStatement(event.getSealedStatement());
    assertThat(without).isEqualTo(AvroRecords.copy(event));
  }

  private static LearningEvent event() {
    return LearningEvent.newBuilder().setStatementId("s").setTenant("t").setLearner("l")
        .setKind(EventKind.RESPONSE).setVerb("v").setObjectId("o").setObjectType("Activity")
        .setSkills(new ArrayList<>(List.of("fractions"))).setSuccess(true).setScoreScaled(0.5)
        .setDurationMs(1200L).setCourse("course-1").setSection(null).setTimestamp(AT).setStored(AT)
        .setStatementJson("{\"id\":\"s\"}").build();
  }
}
