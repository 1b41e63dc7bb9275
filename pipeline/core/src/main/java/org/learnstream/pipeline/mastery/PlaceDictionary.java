package org.learnstream.pipeline.mastery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The (course, section) pairs that kept responses refer to, held once per operator instance instead of once per
 * learner x skill: a history shares its places here and then stores only their 64-bit keys. A district has few
 * distinct places and millions of learner x skill histories, and the text of a place (two IRIs) was a third of each
 * history's bytes.
 *
 * <p>Entries are never removed: a history stored with a key must find it again after any restore, and places are
 * few. A key is the first 64 bits of SHA-256 over both texts, so two places differ in key unless SHA-256 collides
 * on its first 64 bits; {@link #share} refuses such a pair rather than let one place stand for another.
 */
public final class PlaceDictionary {

  /** A course and section as a response carries them; either may be null. */
  public record Place(String course, String section) {
  }

  private final Map<Long, Place> byKey = new HashMap<>();

  /** The key of a place: stable across JVMs and versions, as snapshots keep it. */
  public static long keyOf(String course, String section) {
    MessageDigest sha = sha256();
    update(sha, course);
    update(sha, section);
    return ByteBuffer.wrap(sha.digest()).getLong();
  }

  /** Makes the place findable by its key. */
  public void share(long key, Place place) {
    Place known = byKey.putIfAbsent(key, place);
    if (known != null && !known.equals(place)) {
      throw new IllegalStateException("places " + known + " and " + place + " have the same 64-bit key "
          + Long.toHexString(key) + "; mastery state cannot tell them apart");
    }
  }

  /** Adds a place read back from a snapshot of the dictionary. */
  public void restore(Place place) {
    share(keyOf(place.course(), place.section()), place);
  }

  /** The place with this key; a key that was never shared means the state and its dictionary do not match. */
  public Place get(long key) {
    Place place = byKey.get(key);
    if (place == null) {
      throw new IllegalStateException("mastery state refers to place " + Long.toHexString(key) + ", which is not"
          + " in the restored place dictionary; the keyed state and the operator state come from different"
          + " snapshots");
    }
    return place;
  }

  public List<Place> places() {
    return new ArrayList<>(byKey.values());
  }

  public int size() {
    return byKey.size();
  }

  private static void update(MessageDigest sha, String text) {
    if (text == null) {
      sha.update((byte) 0);
      return;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    sha.update((byte) 1);
    sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
    sha.update(utf8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
