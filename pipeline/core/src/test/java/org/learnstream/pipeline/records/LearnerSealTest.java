package org.learnstream.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LearnerSealTest {

  private static final String PURPOSE = "xapi.statement";
  private static final byte[] STATEMENT = ("{\"actor\":{\"mbox\":\"mailto:ana@school.example\",\"name\":\"Ana Lima\"},"
      + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"}}").getBytes(StandardCharsets.UTF_8);

  private final Random random = new Random(7);
  private final LearnerSeal seal = new LearnerSeal();
  private final LearnerRecord ana = record("school-north", UUID.randomUUID());

  @Test
  void sealedBytesOpenToThePlaintextUnderTheirRecordAndDoNotContainIt() throws Exception {
    byte[] sealed = seal.seal(ana, PURPOSE, STATEMENT);

    assertThat(seal.open(ana, PURPOSE, sealed)).isEqualTo(STATEMENT);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("ana@school.example")
        .doesNotContain("Ana Lima");
    assertThat(LearnerSeal.recordIdOf(sealed)).isEqualTo(ana.id());
    assertThat(sealed[0]).isEqualTo(LearnerSeal.FORMAT_VERSION);
  }

  @Test
  void sealingTheSameBytesTwiceGivesDifferentSealedBytes() {
    assertThat(seal.seal(ana, PURPOSE, STATEMENT)).isNotEqualTo(seal.seal(ana, PURPOSE, STATEMENT));
  }

  @Test
  void changingAnyByteAfterTheRecordIdMakesOpeningFailAsNotAuthentic() {
    byte[] sealed = seal.seal(ana, PURPOSE, STATEMENT);
    for (int i = 17; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> seal.open(ana, PURPOSE, altered)).isInstanceOfSatisfying(SealException.class,
          e -> assertThat(e.reason()).isEqualTo(SealException.Reason.NOT_AUTHENTIC));
    }
  }

  @Test
  void changingTheRecordIdOrVersionOrCuttingTheBytesShortIsRefusedWithItsReason() {
    byte[] sealed = seal.seal(ana, PURPOSE, STATEMENT);
    byte[] otherId = sealed.clone();
    otherId[5] ^= 0x01;
    byte[] otherVersion = sealed.clone();
    otherVersion[0] = 2;
    byte[] short_ = java.util.Arrays.copyOf(sealed, 28);

    assertThat(reasonOpening(ana, PURPOSE, otherId)).isEqualTo(SealException.Reason.OTHER_RECORD);
    assertThat(reasonOpening(ana, PURPOSE, otherVersion)).isEqualTo(SealException.Reason.UNKNOWN_VERSION);
    assertThat(reasonOpening(ana, PURPOSE, short_)).isEqualTo(SealException.Reason.MALFORMED);
  }

  @Test
  void bytesSealedForOneRecordDoNotOpenUnderAnotherRecordTenantOrPurpose() {
    byte[] sealed = seal.seal(ana, PURPOSE, STATEMENT);
    LearnerRecord other = record("school-north", UUID.randomUUID());
    LearnerRecord sameIdOtherKey = new LearnerRecord(ana.tenant(), ana.id(), ana.pseudonym(), key(), ana.created());
    LearnerRecord sameKeyOtherTenant = new LearnerRecord("school-south", ana.id(), ana.pseudonym(), ana.dataKey(),
        ana.created());

    assertThat(reasonOpening(other, PURPOSE, sealed)).isEqualTo(SealException.Reason.OTHER_RECORD);
    assertThat(reasonOpening(sameIdOtherKey, PURPOSE, sealed)).isEqualTo(SealException.Reason.NOT_AUTHENTIC);
    assertThat(reasonOpening(sameKeyOtherTenant, PURPOSE, sealed)).isEqualTo(SealException.Reason.NOT_AUTHENTIC);
    assertThat(reasonOpening(ana, "learning.event", sealed)).isEqualTo(SealException.Reason.NOT_AUTHENTIC);
  }

  @Test
  void aSealThatKeepsACipherPerRecordOpensEachRecordsBytesOnlyUnderThatRecordAndStillRefusesTampering()
      throws Exception {
    LearnerSeal keeping = new LearnerSeal(new java.security.SecureRandom(), 8);
    LearnerRecord other = record("school-north", UUID.randomUUID());
    LearnerRecord sameIdOtherKey = new LearnerRecord(ana.tenant(), ana.id(), ana.pseudonym(), key(), ana.created());
    byte[] anas = keeping.seal(ana, PURPOSE, STATEMENT);
    byte[] others = keeping.seal(other, PURPOSE, STATEMENT);
    byte[] altered = anas.clone();
    altered[altered.length - 3] ^= 0x01;

    // each record's cipher is in use when the other record's bytes, the other key and the altered bytes come
    for (int i = 0; i < 3; i++) {
      assertThat(keeping.open(ana, PURPOSE, seal.seal(ana, PURPOSE, STATEMENT))).isEqualTo(STATEMENT);
      assertThat(keeping.open(other, PURPOSE, others)).isEqualTo(STATEMENT);
      assertThatThrownBy(() -> keeping.open(sameIdOtherKey, PURPOSE, anas)).isInstanceOfSatisfying(
          SealException.class, e -> assertThat(e.reason()).isEqualTo(SealException.Reason.NOT_AUTHENTIC));
      assertThatThrownBy(() -> keeping.open(ana, PURPOSE, altered)).isInstanceOfSatisfying(SealException.class,
          e -> assertThat(e.reason()).isEqualTo(SealException.Reason.NOT_AUTHENTIC));
      assertThatThrownBy(() -> keeping.open(ana, "learning.event", anas)).isInstanceOfSatisfying(SealException.class,
          e -> assertThat(e.reason()).isEqualTo(SealException.Reason.NOT_AUTHENTIC));
      assertThat(keeping.open(ana, PURPOSE, anas)).isEqualTo(STATEMENT);
    }
  }

  @Test
  void aBatchSealedAtOnceOpensStatementByStatementUnderEachRecordAndALearnerTwiceGetsTwoNonces() throws Exception {
    LearnerSeal keeping = new LearnerSeal(new java.security.SecureRandom(), 2);
    LearnerRecord bo = record("school-north", UUID.randomUUID());
    LearnerRecord cy = record("school-south", UUID.randomUUID());
    byte[] second = "{\"second\":true}".getBytes(StandardCharsets.UTF_8);

    java.util.List<byte[]> sealed = keeping.sealAll(java.util.List.of(ana, bo, ana, cy), PURPOSE,
        java.util.List.of(STATEMENT, STATEMENT, second, STATEMENT));

    assertThat(sealed).hasSize(4);
    assertThat(keeping.open(ana, PURPOSE, sealed.get(0))).isEqualTo(STATEMENT);
    assertThat(seal.open(bo, PURPOSE, sealed.get(1))).isEqualTo(STATEMENT);
    assertThat(seal.open(ana, PURPOSE, sealed.get(2))).isEqualTo(second);
    assertThat(keeping.open(cy, PURPOSE, sealed.get(3))).isEqualTo(STATEMENT);
    assertThat(java.util.Arrays.copyOfRange(sealed.get(0), 17, 29))
        .isNotEqualTo(java.util.Arrays.copyOfRange(sealed.get(2), 17, 29));
    assertThat(reasonOpening(bo, PURPOSE, sealed.get(0))).isEqualTo(SealException.Reason.OTHER_RECORD);
  }

  @Test
  void aBatchWithMoreRecordsThanPlaintextsIsRefused() {
    assertThatThrownBy(() -> seal.sealAll(java.util.List.of(ana, ana), PURPOSE, java.util.List.of(STATEMENT)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSealKeepsAtLeastOneCipherPerThread() {
    assertThatThrownBy(() -> new LearnerSeal(new java.security.SecureRandom(), 0))
        .hasMessageContaining("at least 1");
  }

  @Test
  void aFailureToOpenNamesTheRecordAndNeverTheSealedContent() {
    byte[] sealed = seal.seal(ana, PURPOSE, STATEMENT);
    sealed[sealed.length - 1] ^= 0x01;

    assertThatThrownBy(() -> seal.open(ana, PURPOSE, sealed)).hasMessageContaining(ana.id().toString())
        .hasMessageNotContaining("ana@school.example").hasMessageNotContaining("Ana Lima");
  }

  @Test
  void aRecordNeverShowsItsKeyInText() {
    assertThat(ana.toString()).contains(ana.id().toString()).contains("key hidden")
        .doesNotContain(java.util.HexFormat.of().formatHex(ana.dataKey()));
  }

  @Test
  void bytesSealedInLayersOpenOnlyWithEveryPersonsRecordAndNeitherLayerShowsThePlaintext() throws Exception {
    LearnerRecord bo = record("school-north", UUID.randomUUID());
    LearnerRecord cy = record("school-north", UUID.randomUUID());
    byte[] layered = seal.seal(ana, PURPOSE, seal.sealLayers(java.util.List.of(bo, cy), PURPOSE, STATEMENT));

    RecordFinder all = finder(bo, cy);
    assertThat(seal.openLayers(ana, PURPOSE, layered, all)).isEqualTo(STATEMENT);
    byte[] outerOpened = seal.open(ana, PURPOSE, layered);
    assertThat(LearnerSeal.isSealed(outerOpened)).isTrue();
    assertThat(LearnerSeal.recordIdOf(outerOpened)).isEqualTo(cy.id());
    assertThat(new String(outerOpened, StandardCharsets.ISO_8859_1)).doesNotContain("ana@school.example");

    assertThatThrownBy(() -> seal.openLayers(ana, PURPOSE, layered, finder(cy)))
        .isInstanceOfSatisfying(SealException.class, e -> {
          assertThat(e.reason()).isEqualTo(SealException.Reason.RECORD_ERASED);
          assertThat(e.getMessage()).contains(bo.id().toString()).doesNotContain("ana@school.example");
        });
  }

  @Test
  void bytesSealedWithoutLayersOpenAlikeWithOpenLayersAndAJsonTextIsNeverTakenForALayer() throws Exception {
    byte[] sealed = seal.seal(ana, PURPOSE, STATEMENT);

    assertThat(seal.openLayers(ana, PURPOSE, sealed, finder())).isEqualTo(STATEMENT);
    assertThat(seal.sealLayers(java.util.List.of(), PURPOSE, STATEMENT)).isSameAs(STATEMENT);
    assertThat(LearnerSeal.isSealed(STATEMENT)).isFalse();
    assertThat(LearnerSeal.isSealed(" [{}]".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  private static RecordFinder finder(LearnerRecord... held) {
    return (tenant, id) -> java.util.Arrays.stream(held).filter(r -> r.tenant().equals(tenant) && r.id().equals(id))
        .findFirst();
  }

  private SealException.Reason reasonOpening(LearnerRecord record, String purpose, byte[] sealed) {
    try {
      seal.open(record, purpose, sealed);
      throw new AssertionError("opened bytes that should not open");
    } catch (SealException e) {
      return e.reason();
    }
  }

  private LearnerRecord record(String tenant, UUID id) {
    return new LearnerRecord(tenant, id, "0123456789abcdef0123456789abcdef", key(),
        Instant.parse("2026-12-01T00:00:00Z"));
  }

  private byte[] key() {
    byte[] key = new byte[LearnerRecord.KEY_BYTES];
    random.nextBytes(key);
    return key;
  }
}
