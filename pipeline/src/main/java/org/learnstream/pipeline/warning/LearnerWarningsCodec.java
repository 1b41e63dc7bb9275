package org.learnstream.pipeline.warning;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The binary form of one learner's {@link LearnerWarnings}, so the streaming job keeps it without Kryo.
 * The format is recorded once per state (in the serializer's snapshot), not per value; a reader refuses a
 * format it does not know rather than misreading it.
 */
public final class LearnerWarningsCodec {

    public static final int CURRENT_FORMAT = 1;

    private LearnerWarningsCodec() {
    }

    public static void write(LearnerWarnings w, DataOutput out) throws IOException {
        out.writeUTF(w.tenant);
        out.writeUTF(w.learner);
        out.writeLong(w.lastActivity);
        writeNullable(out, w.lastStatement);
        writeNullable(out, w.course);
        writeNullable(out, w.section);
        out.writeInt(w.skills.size());
        for (Map.Entry<String, LearnerWarnings.SkillTrack> e : w.skills.entrySet()) {
            out.writeUTF(e.getKey());
            writeTrack(out, e.getValue());
        }
        out.writeInt(w.failureRun);
        writeStrings(out, w.failureIds);
        writeStrings(out, w.recentIds);
        out.writeInt(w.recentRapid.size());
        for (boolean rapid : w.recentRapid) {
            out.writeBoolean(rapid);
        }
        out.writeInt(w.open.size());
        for (Map.Entry<String, LearnerWarnings.Open> e : w.open.entrySet()) {
            out.writeUTF(e.getKey());
            writeOpen(out, e.getValue());
        }
        out.writeInt(w.lastRaised.size());
        for (Map.Entry<String, Long> e : w.lastRaised.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    public static LearnerWarnings read(DataInput in, int format) throws IOException {
        if (format != CURRENT_FORMAT) {
            throw new IOException("early-warning state is in format " + format + ", but this version reads format "
                    + CURRENT_FORMAT + " only; restore with the version that wrote it");
        }
        LearnerWarnings w = new LearnerWarnings(in.readUTF(), in.readUTF());
        w.lastActivity = in.readLong();
        w.lastStatement = readNullable(in);
        w.course = readNullable(in);
        w.section = readNullable(in);
        for (int i = in.readInt(); i > 0; i--) {
            w.skills.put(in.readUTF(), readTrack(in));
        }
        w.failureRun = in.readInt();
        readStrings(in, w.failureIds);
        readStrings(in, w.recentIds);
        for (int i = in.readInt(); i > 0; i--) {
            w.recentRapid.add(in.readBoolean());
        }
        for (int i = in.readInt(); i > 0; i--) {
            w.open.put(in.readUTF(), readOpen(in));
        }
        for (int i = in.readInt(); i > 0; i--) {
            w.lastRaised.put(in.readUTF(), in.readLong());
        }
        return w;
    }

    /** A deep copy, through the binary form so that no field can be forgotten. */
    public static LearnerWarnings copy(LearnerWarnings w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            write(w, new DataOutputStream(bytes));
            return read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                    CURRENT_FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory copy of early-warning state failed", e);
        }
    }

    private static void writeTrack(DataOutput out, LearnerWarnings.SkillTrack t) throws IOException {
        out.writeInt(t.attempts);
        out.writeInt(t.correct);
        out.writeInt(t.run);
        out.writeBoolean(t.mastered);
        writeStrings(out, t.attemptIds);
        out.writeInt(t.pKnown.size());
        for (double p : t.pKnown) {
            out.writeDouble(p);
        }
        writeStrings(out, t.pKnownIds);
    }

    private static LearnerWarnings.SkillTrack readTrack(DataInput in) throws IOException {
        LearnerWarnings.SkillTrack t = new LearnerWarnings.SkillTrack();
        t.attempts = in.readInt();
        t.correct = in.readInt();
        t.run = in.readInt();
        t.mastered = in.readBoolean();
        readStrings(in, t.attemptIds);
        for (int i = in.readInt(); i > 0; i--) {
            t.pKnown.add(in.readDouble());
        }
        readStrings(in, t.pKnownIds);
        return t;
    }

    private static void writeOpen(DataOutput out, LearnerWarnings.Open o) throws IOException {
        out.writeUTF(o.rule.name());
        writeNullable(out, o.skill);
        out.writeLong(o.episode);
        out.writeUTF(o.alertId);
        out.writeUTF(o.severity.name());
        writeNullable(out, o.course);
        writeNullable(out, o.section);
        writeNullable(out, o.evidence);
        writeStrings(out, o.events == null ? List.of() : o.events);
        out.writeDouble(o.reference);
    }

    private static LearnerWarnings.Open readOpen(DataInput in) throws IOException {
        LearnerWarnings.Open o = new LearnerWarnings.Open();
        o.rule = Rule.valueOf(in.readUTF());
        o.skill = readNullable(in);
        o.episode = in.readLong();
        o.alertId = in.readUTF();
        o.severity = Severity.valueOf(in.readUTF());
        o.course = readNullable(in);
        o.section = readNullable(in);
        o.evidence = readNullable(in);
        List<String> events = new ArrayList<>();
        readStrings(in, events);
        o.events = events;
        o.reference = in.readDouble();
        return o;
    }

    private static void writeStrings(DataOutput out, Collection<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static void readStrings(DataInput in, Collection<String> into) throws IOException {
        for (int i = in.readInt(); i > 0; i--) {
            into.add(in.readUTF());
        }
    }

    private static void writeNullable(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
