package org.learnstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.pipeline.records.SealedStatements;

class RawStatementDeserializerTest {

  private final RawStatementDeserializer deserializer = new RawStatementDeserializer();

  @Test
  void keepsTheBytesAndPositionAndTakesTheTenantFromTheKey() {
    byte[] value = "{\"actor\":{}}".getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("xapi.statements", 2, 41L,
        "district-7|mailto:a@b.example".getBytes(StandardCharsets.UTF_8), value);

    RawStatement raw = deserializeOne(record);

    assertThat(raw.tenant).isEqualTo("district-7");
    assertThat(raw.value).containsExactly(value);
    assertThat(raw.topic).isEqualTo("xapi.statements");
    assertThat(raw.partition).isEqualTo(2);
    assertThat(raw.offset).isEqualTo(41L);
  }

  @Test
  void takesASealedStatementsRecordAndEventTimeFromItsHeadersAndLeavesAClearOneUnsealed() {
    UUID id = UUID.randomUUID();
    ConsumerRecord<byte[], byte[]> sealed = new ConsumerRecord<>("xapi.statements", 0, 7L,
        ("demo|record:" + id).getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
    new SealedStatements.Seal(id, 1_700_000_000_123L).writeTo(sealed.headers());
    ConsumerRecord<byte[], byte[]> clear = new ConsumerRecord<>("xapi.statements", 0, 8L,
        "demo|mbox:mailto:a@b.example".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));

    RawStatement opened = deserializeOne(sealed);
    RawStatement inTheClear = deserializeOne(clear);

    assertThat(opened.sealedUnder).isEqualTo(id.toString());
    assertThat(opened.sealedEventTime).isEqualTo(1_700_000_000_123L);
    assertThat(opened.tenant).isEqualTo("demo");
    assertThat(inTheClear.sealedUnder).isNull();
  }

  @Test
  void neverThrowsOnBadBytesNullValuesOrMissingKeys() {
    byte[] garbage = {(byte) 0xFF, (byte) 0xFE, 0, (byte) 0xC3};
    RawStatement noKey = deserializeOne(new ConsumerRecord<>("t", 0, 1L, null, garbage));
    RawStatement tombstone = deserializeOne(new ConsumerRecord<>("t", 0, 2L, "x|y".getBytes(), null));
    RawStatement badKey = deserializeOne(new ConsumerRecord<>("t", 0, 3L, garbage, garbage));
    RawStatement keyWithoutBar = deserializeOne(new ConsumerRecord<>("t", 0, 4L, "solo".getBytes(), garbage));

    assertThat(noKey.tenant).isNull();
    assertThat(noKey.value).containsExactly(garbage);
    assertThat(tombstone.value).isNull();
    assertThat(tombstone.tenant).isEqualTo("x");
    assertThat(badKey.tenant).isNotNull();
    assertThat(keyWithoutBar.tenant).isEqualTo("solo");
  }

  @Test
  void producesAFlinkPojoTypeSoKryoIsNotUsed() {
    TypeInformation<RawStatement> type = deserializer.getProducedType();

    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    assertThat(((PojoTypeInfo<RawStatement>) type).getArity()).isEqualTo(8);
  }

  private RawStatement deserializeOne(ConsumerRecord<byte[], byte[]> record) {
    List<RawStatement> out = new ArrayList<>();
    deserializer.deserialize(record, new ListCollector<>(out));
    assertThat(out).hasSize(1);
    return out.get(0);
  }
}
