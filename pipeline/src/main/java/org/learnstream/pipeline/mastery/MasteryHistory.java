package org.learnstream.pipeline.mastery;

import java.util.Arrays;

/**
 * The latest applied responses of one learner x skill, in the order they were applied ((event time, statement id)
 * order), and the {@link MasteryState} before the oldest of them (the checkpoint). With it a voided response inside
 * the window can be taken out and the estimate recomputed from the remaining history.
 *
 * <p>Bound: at most {@link #capacity} responses are kept. When a further response is added, the oldest is folded
 * into the checkpoint and can no longer be voided; a void of such a response changes nothing and the caller reports
 * it. A Flink POJO of primitive arrays, so Flink never falls back to Kryo.
 */
public final class MasteryHistory {

    /** Responses kept by default per learner x skill. */
    public static final int DEFAULT_CAPACITY = 32;

    public int capacity = DEFAULT_CAPACITY;
    /** Number of kept responses; entries [0, size) are valid, oldest first. */
    public int size;
    public long[] timestamps = new long[0];
    public String[] statementIds = new String[0];
    public boolean[] correct = new boolean[0];
    public String[] courses = new String[0];
    public String[] sections = new String[0];
    /** Revision of the latest update emitted for the learner x skill. */
    public long revision;
    /** State before the oldest kept response. */
    public MasteryState checkpoint = new MasteryState();

    public MasteryHistory() {
    }

    public MasteryHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("mastery history capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** One kept response. */
    public record Entry(long timestamp, String statementId, boolean correct, String course, String section) {
    }

    /**
     * Appends a response just applied. Returns the entry that fell out of the window (to be folded into the
     * checkpoint by the caller), or null.
     */
    public Entry add(Entry entry) {
        Entry evicted = null;
        if (size == capacity) {
            evicted = get(0);
            removeAt(0);
        }
        ensureCapacity();
        timestamps[size] = entry.timestamp();
        statementIds[size] = entry.statementId();
        correct[size] = entry.correct();
        courses[size] = entry.course();
        sections[size] = entry.section();
        size++;
        return evicted;
    }

    /** Position of the statement in the window, or -1 when it is not kept (never applied or folded). */
    public int indexOf(String statementId) {
        for (int i = 0; i < size; i++) {
            if (statementIds[i].equals(statementId)) {
                return i;
            }
        }
        return -1;
    }

    public Entry get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("history index " + index + " outside [0, " + size + ")");
        }
        return new Entry(timestamps[index], statementIds[index], correct[index], courses[index], sections[index]);
    }

    public void removeAt(int index) {
        get(index);
        int tail = size - index - 1;
        System.arraycopy(timestamps, index + 1, timestamps, index, tail);
        System.arraycopy(statementIds, index + 1, statementIds, index, tail);
        System.arraycopy(correct, index + 1, correct, index, tail);
        System.arraycopy(courses, index + 1, courses, index, tail);
        System.arraycopy(sections, index + 1, sections, index, tail);
        size--;
        statementIds[size] = null;
        courses[size] = null;
        sections[size] = null;
    }

    /** A copy of the checkpoint, to replay the kept responses onto. */
    public MasteryState checkpointCopy() {
        return copy(checkpoint);
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

    private void ensureCapacity() {
        if (timestamps.length > size) {
            return;
        }
        int length = Math.min(capacity, Math.max(4, timestamps.length * 2));
        timestamps = Arrays.copyOf(timestamps, length);
        statementIds = Arrays.copyOf(statementIds, length);
        correct = Arrays.copyOf(correct, length);
        courses = Arrays.copyOf(courses, length);
        sections = Arrays.copyOf(sections, length);
    }
}
