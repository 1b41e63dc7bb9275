package org.learnstream.pipeline.mastery;

/**
 * What the streaming job keeps per learner x skill. A Flink POJO of primitives only (28 bytes of payload), so
 * Flink serialises it with its POJO serializer and never falls back to Kryo.
 */
public final class MasteryState {

  /** P(L) before the next attempt; meaningful once attempts > 0. */
  public double pKnown;
  public int attempts;
  public int correctCount;
  /** Outcomes of the latest attempts, newest in bit 0 (1 = correct). */
  public int recentBits;
  /** Event time (epoch millis) of the first response that reached the mastery threshold; -1 = never. */
  public long firstMasteredAt = -1L;

  public MasteryState() {
  }

  public boolean isEmpty() {
    return attempts == 0;
  }

  /** Share correct over the last min(attempts, window) attempts; 0 before any attempt. */
  public double recentAccuracy(int window) {
    int considered = Math.min(attempts, window);
    if (considered == 0) {
      return 0.0;
    }
    int mask = considered >= Integer.SIZE ? -1 : (1 << considered) - 1;
    return Integer.bitCount(recentBits & mask) / (double) considered;
  }

  public double overallAccuracy() {
    return attempts == 0 ? 0.0 : correctCount / (double) attempts;
  }

  @Override
  public String toString() {
    return "MasteryState{pKnown=" + pKnown + ", attempts=" + attempts + ", correctCount=" + correctCount
        + ", recentBits=" + Integer.toBinaryString(recentBits) + ", firstMasteredAt=" + firstMasteredAt + '}';
  }
}
