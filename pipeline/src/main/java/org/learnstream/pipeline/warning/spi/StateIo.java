package org.learnstream.pipeline.warning.spi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collection;

/** The small pieces the rules' state encodings share: lists of statement ids and optional texts. */
public final class StateIo {

    private StateIo() {
    }

    public static void writeStrings(DataOutput out, Collection<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    public static void readStrings(DataInput in, Collection<String> into) throws IOException {
        for (int i = in.readInt(); i > 0; i--) {
            into.add(in.readUTF());
        }
    }

    public static void writeNullable(DataOutput out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    public static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
