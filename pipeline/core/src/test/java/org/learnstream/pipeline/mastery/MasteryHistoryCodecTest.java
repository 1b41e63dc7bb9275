package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MasteryHistoryCodecTest {

  private static final long T0 = 1_772_614_806_738L;
  private static final String COURSE = "https://lms.example/courses/maths-7";
  private static final String SECTION = "https://lms.example/sections/7b";

  @Test
  void aFullHistoryOfUuidResponsesReadsBackEntryForEntry() throws IOException {
    MasteryHistory history = new MasteryHistory();
    List<MasteryHistory.Entry> added = new ArrayList<>();
    for (int i = 0; i < MasteryHistory.DEFAULT_CAPACITY + 5; i++) {
      MasteryHistory.Entry e = new MasteryHistory.Entry(T0 + i * 61_234L, UUID.randomUUID().toString(),
          i % 3 != 0, "https://lms.example/courses/maths", "https://lms.example/sections/7b");
      history.add(e);
      added.add(e);
    }
    history.revision = 41;
    history.current.pKnown = 0.8125;
    history.current.attempts = 37;
    history.current.correctCount = 24;
    history.current.recentBits = 0x2b5;
    history.current.firstMasteredAt = T0 + 99;
    history.checkpoint.pKnown = 0.25;
    history.checkpoint.attempts = 5;

    MasteryHistory read = roundTrip(history);

    assertThat(entries(read)).isEqualTo(added.subList(5, added.size()));
    assertThat(read.revision).isEqualTo(41);
    assertThat(read.current).usingRecursiveComparison().isEqualTo(history.current);
    assertThat(read.checkpoint).usingRecursiveComparison().isEqualTo(history.checkpoint);
    assertThat(read.capacity).isEqualTo(MasteryHistory.DEFAULT_CAPACITY);
  }

  @Test
  void idsThatAreNotCanonicalUuidsAndSeveralPlacesSurviveTheRoundTrip() throws IOException {
    MasteryHistory history = new MasteryHistory(4);
    List<MasteryHistory.Entry> added = List.of(
        new MasteryHistory.Entry(T0, "r001", true, null, null),
        new MasteryHistory.Entry(T0 + 5, "6690E6C9-3EF0-4ED3-8B37-7F3964730BEE", false, "c1", "s1"),
        new MasteryHistory.Entry(T0 + 5, "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", true, "c1", "s2"),
        new MasteryHistory.Entry(T0 - 3, "ünïcödé", false, "c1", null));
    added.forEach(history::add);

    MasteryHistory read = roundTrip(history);

    assertThat(entries(read)).isEqualTo(added);
    assertThat(read.indexOf("6690e6c9-3ef0-4ed3-8b37-7f3964730bee")).isEqualTo(2);
    assertThat(read.indexOf("6690E6C9-3EF0-4ED3-8B37-7F3964730BEE")).isEqualTo(1);
    assertThat(read.indexOf("r002")).isEqualTo(-1);
  }

  @Test
  void removingTheOnlyResponseOfAPlaceKeepsTheOtherResponsesPlaces() throws IOException {
    MasteryHistory history = new MasteryHistory();
    history.add(new MasteryHistory.Entry(T0, "a", true, "c", "old"));
    history.add(new MasteryHistory.Entry(T0 + 1, "b", false, "c", "new"));
    history.add(new MasteryHistory.Entry(T0 + 2, "c", true, "c", "newer"));

    history.removeAt(0);
    MasteryHistory read = roundTrip(history);

    assertThat(entries(read)).extracting(MasteryHistory.Entry::section).containsExactly("new", "newer");
    assertThat(read.places).isEqualTo(2);
  }

  @Test
  void aCopyIsIndependentOfItsOriginal() {
    MasteryHistory history = new MasteryHistory();
    history.add(new MasteryHistory.Entry(T0, "a", true, "c", "s"));
    MasteryHistory copy = history.copy();

    history.removeAt(0);
    history.current.attempts = 9;

    assertThat(copy.size).isEqualTo(1);
    assertThat(copy.get(0).statementId()).isEqualTo("a");
    assertThat(copy.current.attempts).isZero();
  }

  @Test
  void aFullHistoryOfUuidResponsesInASharedPlaceTakesAboutTwentyBytesPerResponse() throws IOException {
    MasteryHistory history = new MasteryHistory();
    for (int i = 0; i < MasteryHistory.DEFAULT_CAPACITY; i++) {
      history.add(new MasteryHistory.Entry(T0 + i * 60_000L, UUID.randomUUID().toString(), true, COURSE,
          SECTION));
    }
    history.current.firstMasteredAt = T0;
    history.checkpoint.firstMasteredAt = T0;
    history.share(new PlaceDictionary());

    // 16 bytes of id, 3 of time delta, one correct bit per response; the rest is the two states and the place key
    assertThat(bytes(history).length).isLessThan(MasteryHistory.DEFAULT_CAPACITY * 20 + 48);
  }

  @Test
  void aSharedPlaceIsStoredByKeyAndReadBackThroughTheDictionary() throws IOException {
    MasteryHistory history = new MasteryHistory();
    history.add(new MasteryHistory.Entry(T0, "a", true, COURSE, SECTION));
    history.add(new MasteryHistory.Entry(T0 + 1, "b", false, null, SECTION));
    int unshared = bytes(history).length;
    PlaceDictionary dictionary = new PlaceDictionary();
    history.share(dictionary);

    MasteryHistory read = roundTrip(history);

    assertThat(bytes(history).length).isLessThan(unshared - COURSE.length() - SECTION.length());
    assertThatThrownBy(() -> read.get(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("share(PlaceDictionary)");
    read.share(dictionary);
    assertThat(entries(read)).isEqualTo(entries(history));
    assertThat(dictionary.size()).isEqualTo(2);
  }

  @Test
  void aPlaceNotYetSharedKeepsItsTextInTheSnapshot() throws IOException {
    MasteryHistory history = new MasteryHistory();
    history.add(new MasteryHistory.Entry(T0, "a", true, COURSE, SECTION));

    assertThat(entries(roundTrip(history))).isEqualTo(entries(history));
  }

  @Test
  void aKeyMissingFromTheDictionaryIsReportedAsMismatchedSnapshots() throws IOException {
    MasteryHistory history = new MasteryHistory();
    history.add(new MasteryHistory.Entry(T0, "a", true, COURSE, SECTION));
    history.share(new PlaceDictionary());
    MasteryHistory read = roundTrip(history);

    assertThatThrownBy(() -> read.share(new PlaceDictionary())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not in the restored place dictionary");
  }

  @Test
  void historiesWrittenInFormatOneAreStillRead() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    UUID id = UUID.randomUUID();
    // capacity 8, size 1, revision 3; current: pKnown, attempts 1, correct 1, recentBits, firstMasteredAt -1
    out.write(new byte[] {8, 1, 3});
    out.writeDouble(0.75);
    out.write(new byte[] {1, 1});
    out.writeInt(1);
    out.write(1);
    // checkpoint: the empty state
    out.writeDouble(0.0);
    out.write(new byte[] {0, 0});
    out.writeInt(0);
    out.write(1);
    // one place: course "c", section null; every id a UUID
    out.write(new byte[] {1, 2, 'c', 0, 0});
    out.writeLong(id.getMostSignificantBits());
    out.writeLong(id.getLeastSignificantBits());
    // time: zigzag varint of T0, then the correct bits
    long zigzag = T0 << 1;
    while ((zigzag & ~0x7FL) != 0) {
      out.write((int) (zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
    out.write(1);

    MasteryHistory read = MasteryHistoryCodec.read(
        new DataInputStream(new ByteArrayInputStream(buffer.toByteArray())), 1);

    assertThat(entries(read)).containsExactly(new MasteryHistory.Entry(T0, id.toString(), true, "c", null));
    assertThat(read.revision).isEqualTo(3);
    assertThat(read.current.pKnown).isEqualTo(0.75);
    assertThat(read.current.firstMasteredAt).isEqualTo(-1L);
    assertThat(read.checkpoint.attempts).isZero();
    // written again in the current format, the place keeps its text until the operator shares it
    assertThat(entries(roundTrip(read))).isEqualTo(entries(read));
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheFormat() {
    int next = MasteryHistoryCodec.CURRENT_FORMAT + 1;
    assertThatThrownBy(() -> MasteryHistoryCodec.read(new DataInputStream(new ByteArrayInputStream(new byte[8])),
        next)).isInstanceOf(IOException.class).hasMessageContaining("format " + next);
  }

  private static List<MasteryHistory.Entry> entries(MasteryHistory h) {
    List<MasteryHistory.Entry> out = new ArrayList<>();
    for (int i = 0; i < h.size; i++) {
      out.add(h.get(i));
    }
    return out;
  }

  private static MasteryHistory roundTrip(MasteryHistory h) throws IOException {
    return MasteryHistoryCodec.read(new DataInputStream(new ByteArrayInputStream(bytes(h))),
        MasteryHistoryCodec.CURRENT_FORMAT);
  }

  private static byte[] bytes(MasteryHistory h) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    MasteryHistoryCodec.write(h, new DataOutputStream(buffer));
    return buffer.toByteArray();
  }
}
