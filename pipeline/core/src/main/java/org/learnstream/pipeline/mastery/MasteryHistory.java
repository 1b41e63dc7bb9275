package org.learnstream.pipeline.mastery;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything the streaming job keeps per learner x skill: the current {@link MasteryState}, the latest applied
 * responses in the order they were applied ((event time, statement id) order) and the state before the oldest of
 * them (the checkpoint). With it a voided response inside the window can be taken out and the estimate recomputed
 * from the remaining history.
 *
 * <p>Bound: at most {@link #capacity} responses are kept. When a further response is added, the oldest is folded
 * into the checkpoint and can no longer be voided; a void of such a response changes nothing and the caller reports
 * it.
 *
 * <p>Compact on purpose (it exists once per learner x skill, millions of times): a statement id that is a UUID in
 * canonical lower-case form (what the normaliser produces) is kept as its 128 bits, others as strings. The full id
 * is kept, not a hash, because the corrections a void triggers rewrite the rows of the later responses, and those
 * rows are keyed by statement id. Course and section are kept once per distinct pair (usually one per key), each
 * response pointing at its pair; once {@link #share shared} with the operator's {@link PlaceDictionary}, a snapshot
 * stores only the pair's 64-bit key. {@link MasteryHistoryCodec} writes it; times become deltas.
 */
public final class MasteryHistory {

  /**
   * Responses kept by default per learner x skill: about 19 bytes each in a snapshot. Eight reach back over a
   * lesson's answers on one skill, which is where corrections (voids) happen, and keep the state small.
   */
  public static final int DEFAULT_CAPACITY = 8;
  /** Most responses a history may keep: place indices are bytes. */
  public static final int MAX_CAPACITY = 255;

  public final int capacity;
  /** Number of kept responses; entries [0, size) are valid, oldest first. */
  public int size;
  /** Revision of the latest update emitted for the learner x skill. */
  public long revision;
  /** The estimate after every applied response. */
  public MasteryState current = new MasteryState();
  /** State before the oldest kept response. */
  public MasteryState checkpoint = new MasteryState();

  long[] timestamps = new long[0];
  long[] idHigh = new long[0];
  long[] idLow = new long[0];
  /** Ids that are not canonical UUIDs, by position; null when none is. */
  String[] otherIds;
  boolean[] correct = new boolean[0];
  byte[] placeOf = new byte[0];
  /** Distinct (course, section) pairs referenced by the kept responses. */
  String[] courses = new String[0];
  String[] sections = new String[0];
  /** {@link PlaceDictionary#keyOf} of each place. */
  long[] placeKeys = new long[0];
  /** Per place: true once it is in the operator's dictionary, so that a snapshot stores only its key. */
  boolean[] placeShared = new boolean[0];
  int places;
  /** False after reading a snapshot that stores places by key, until {@link #share} looks their texts up. */
  boolean placesResolved = true;

  public MasteryHistory() {
    this(DEFAULT_CAPACITY);
  }

  public MasteryHistory(int capacity) {
    this.capacity = requireCapacity(capacity);
  }

  /** {@code capacity} if a history may keep that many responses; otherwise throws, naming the bounds. */
  public static int requireCapacity(int capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("mastery history capacity must be in [1, " + MAX_CAPACITY + "], got "
          + capacity);
    }
    return capacity;
  }

  /** One kept response. */
  public record Entry(long timestamp, String statementId, boolean correct, String course, String section) {
  }

  /**
   * Appends a response just applied. Returns the entry that fell out of the window (to be folded into the
   * checkpoint by the caller), or null.
   */
  public Entry add(Entry entry) {
    Objects.requireNonNull(entry.statementId(), "statementId");
    Entry evicted = null;
    if (size == capacity) {
      evicted = get(0);
      removeAt(0);
    }
    ensureCapacity(size + 1);
    timestamps[size] = entry.timestamp();
    setId(size, entry.statementId());
    correct[size] = entry.correct();
    placeOf[size] = (byte) placeIndex(entry.course(), entry.section());
    size++;
    return evicted;
  }

  /**
   * Where a response belongs among the kept ones, which are in (event time, statement id) order: {@link #size}
   * when it comes after all of them (the usual case, decided on the times alone).
   */
  public int positionOf(long timestamp, String statementId) {
    int at = size;
    while (at > 0 && (timestamps[at - 1] > timestamp
        || timestamps[at - 1] == timestamp && statementId(at - 1).compareTo(statementId) > 0)) {
      at--;
    }
    return at;
  }

  /** Position of the statement in the window, or -1 when it is not kept (never applied or folded). */
  public int indexOf(String statementId) {
    UUID uuid = canonicalUuid(statementId);
    for (int i = 0; i < size; i++) {
      boolean other = otherIds != null && otherIds[i] != null;
      if (uuid != null
          ? !other && idHigh[i] == uuid.getMostSignificantBits()
              && idLow[i] == uuid.getLeastSignificantBits()
          : other && otherIds[i].equals(statementId)) {
        return i;
      }
    }
    return -1;
  }

  public Entry get(int index) {
    checkIndex(index);
    requireResolvedPlaces();
    int place = placeOf[index] & 0xff;
    return new Entry(timestamps[index], statementId(index), correct[index], courses[place], sections[place]);
  }

  public void removeAt(int index) {
    checkIndex(index);
    int place = placeOf[index] & 0xff;
    int tail = size - index - 1;
    System.arraycopy(timestamps, index + 1, timestamps, index, tail);
    System.arraycopy(idHigh, index + 1, idHigh, index, tail);
    System.arraycopy(idLow, index + 1, idLow, index, tail);
    System.arraycopy(correct, index + 1, correct, index, tail);
    System.arraycopy(placeOf, index + 1, placeOf, index, tail);
    if (otherIds != null) {
      System.arraycopy(otherIds, index + 1, otherIds, index, tail);
      otherIds[size - 1] = null;
    }
    size--;
    dropPlaceIfUnused(place);
  }

  /** A copy of the checkpoint, to replay the kept responses onto. */
  public MasteryState checkpointCopy() {
    return copy(checkpoint);
  }

  /** A deep copy. */
  public MasteryHistory copy() {
    MasteryHistory copy = new MasteryHistory(capacity);
    copy.size = size;
    copy.revision = revision;
    copy.current = copy(current);
    copy.checkpoint = copy(checkpoint);
    copy.timestamps = timestamps.clone();
    copy.idHigh = idHigh.clone();
    copy.idLow = idLow.clone();
    copy.otherIds = otherIds == null ? null : otherIds.clone();
    copy.correct = correct.clone();
    copy.placeOf = placeOf.clone();
    copy.courses = courses.clone();
    copy.sections = sections.clone();
    copy.placeKeys = placeKeys.clone();
    copy.placeShared = placeShared.clone();
    copy.places = places;
    copy.placesResolved = placesResolved;
    return copy;
  }

  public static MasteryState copy(MasteryState state) {
    MasteryState copy = new MasteryState();
    copy.pKnown = state.pKnown;
    copy.attempts = state.attempts;
    copy.correctCount = state.correctCount;
    copy.recentBits = state.recentBits;
    copy.firstMasteredAt = state.firstMasteredAt;
    return copy;
  }

  /** The UUID whose canonical lower-case text is {@code id}, or null when the id has another form. */
  static UUID canonicalUuid(String id) {
    if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
        || id.charAt(23) != '-') {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equals(id) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  String statementId(int index) {
    String other = otherIds == null ? null : otherIds[index];
    return other != null ? other : new UUID(idHigh[index], idLow[index]).toString();
  }

  void setId(int index, String statementId) {
    UUID uuid = canonicalUuid(statementId);
    if (uuid != null) {
      idHigh[index] = uuid.getMostSignificantBits();
      idLow[index] = uuid.getLeastSignificantBits();
      if (otherIds != null) {
        otherIds[index] = null;
      }
    } else {
      if (otherIds == null) {
        otherIds = new String[timestamps.length];
      }
      otherIds[index] = statementId;
    }
  }

  /**
   * Puts every place of this history into {@code dictionary} and takes the texts of places read back by key from
   * it. Call it before reading entries of a history that came out of a snapshot, and after adding entries, before
   * the history is stored.
   */
  public void share(PlaceDictionary dictionary) {
    for (int p = 0; p < places; p++) {
      if (!placeShared[p]) {
        dictionary.share(placeKeys[p], new PlaceDictionary.Place(courses[p], sections[p]));
        placeShared[p] = true;
      } else if (!placesResolved) {
        PlaceDictionary.Place place = dictionary.get(placeKeys[p]);
        courses[p] = place.course();
        sections[p] = place.section();
      }
    }
    placesResolved = true;
  }

  int placeIndex(String course, String section) {
    requireResolvedPlaces();
    for (int p = 0; p < places; p++) {
      if (Objects.equals(courses[p], course) && Objects.equals(sections[p], section)) {
        return p;
      }
    }
    setPlaces(places + 1);
    courses[places - 1] = course;
    sections[places - 1] = section;
    placeKeys[places - 1] = PlaceDictionary.keyOf(course, section);
    placeShared[places - 1] = false;
    return places - 1;
  }

  /** Sets the number of places, growing the place arrays as needed. */
  void setPlaces(int count) {
    if (count > courses.length) {
      courses = Arrays.copyOf(courses, count);
      sections = Arrays.copyOf(sections, count);
      placeKeys = Arrays.copyOf(placeKeys, count);
      placeShared = Arrays.copyOf(placeShared, count);
    }
    places = count;
  }

  void ensureCapacity(int needed) {
    if (timestamps.length >= needed) {
      return;
    }
    int length = Math.min(capacity, Math.max(needed, Math.max(4, timestamps.length * 2)));
    timestamps = Arrays.copyOf(timestamps, length);
    idHigh = Arrays.copyOf(idHigh, length);
    idLow = Arrays.copyOf(idLow, length);
    correct = Arrays.copyOf(correct, length);
    placeOf = Arrays.copyOf(placeOf, length);
    if (otherIds != null) {
      otherIds = Arrays.copyOf(otherIds, length);
    }
  }

  private void dropPlaceIfUnused(int place) {
    for (int i = 0; i < size; i++) {
      if ((placeOf[i] & 0xff) == place) {
        return;
      }
    }
    int tail = places - place - 1;
    System.arraycopy(courses, place + 1, courses, place, tail);
    System.arraycopy(sections, place + 1, sections, place, tail);
    System.arraycopy(placeKeys, place + 1, placeKeys, place, tail);
    System.arraycopy(placeShared, place + 1, placeShared, place, tail);
    places--;
    courses[places] = null;
    sections[places] = null;
    for (int i = 0; i < size; i++) {
      if ((placeOf[i] & 0xff) > place) {
        placeOf[i]--;
      }
    }
  }

  private void requireResolvedPlaces() {
    if (!placesResolved) {
      throw new IllegalStateException("the history's places are stored by key; share(PlaceDictionary) first");
    }
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("history index " + index + " outside [0, " + size + ")");
    }
  }
}
