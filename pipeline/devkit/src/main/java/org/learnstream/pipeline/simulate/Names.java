package org.learnstream.pipeline.simulate;

/**
 * Invented display names for simulated learners, deterministic from the seed. The first 4096 learners of
 * a seed have distinct names; later ones repeat with a middle initial.
 */
public final class Names {

  private static final String[] FIRST = {
      "Ada", "Ben", "Cara", "Dev", "Ella", "Finn", "Gia", "Hugo", "Iris", "Jonah", "Kira", "Leo", "Mila", "Nico",
      "Orla", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wren", "Xavi", "Yara", "Zane", "Amira",
      "Bodhi", "Chloe", "Dario", "Esme", "Felix", "Greta", "Hana", "Ivo", "Jade", "Kofi", "Lena", "Mateo", "Nora",
      "Omar", "Priya", "Rafael", "Sofia", "Tomas", "Una", "Vera", "Wiley", "Yusuf", "Zoe", "Aiko", "Bruno", "Celia",
      "Dmitri", "Elif", "Farah", "Goran", "Ines", "Jun", "Kai", "Luca", "Maya", "Noah", "Pia"};
  private static final String[] LAST = {
      "Abbott", "Baker", "Castell", "Dorsey", "Ellery", "Farrow", "Garnett", "Holloway", "Ingram", "Jessop",
      "Kestrel", "Lindqvist", "Marlow", "Northcott", "Okonjo", "Pemberton", "Quarry", "Rowntree", "Sallow",
      "Thistle", "Underhill", "Vance", "Whitlock", "Yardley", "Zeller", "Ashdown", "Brightwell", "Cobb", "Dunmore",
      "Elwood", "Fenwick", "Gale", "Harrow", "Iverson", "Juniper", "Kettering", "Lowell", "Merriman", "Nash",
      "Oakes", "Penrose", "Radley", "Sutter", "Tamsin", "Upton", "Varga", "Winslow", "Yates", "Alder", "Brook",
      "Carver", "Delane", "Emberly", "Fairbairn", "Greer", "Hartley", "Irwin", "Jarrow", "Kinsella", "Lark",
      "Mott", "Nyland", "Ormsby", "Pryce"};
  private static final int COMBINATIONS = FIRST.length * LAST.length;

  private Names() {
  }

  /** The display name of learner {@code index} (0-based) in the cohort with this seed. */
  public static String displayName(long seed, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("learner index must not be negative (was " + index + ")");
    }
    long mixed = Rng.mix(seed ^ 0x4E414D4553L);
    // An affine map with an odd multiplier permutes 0..4095, so names in one round never repeat.
    long multiplier = (mixed & 0xFFF) | 1;
    long offset = (mixed >>> 12) & 0xFFF;
    int round = index / COMBINATIONS;
    int pick = (int) ((multiplier * (index % COMBINATIONS) + offset + round * 7L) % COMBINATIONS);
    String first = FIRST[pick / LAST.length];
    String last = LAST[pick % LAST.length];
    if (round == 0) {
      return first + " " + last;
    }
    return first + " " + (char) ('A' + (round - 1) % 26) + ". " + last;
  }
}
