package org.learnstream.pipeline.warning;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnstream.pipeline.warning.rules.Format1RuleStates;
import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.pipeline.warning.spi.StateIo;
import org.learnstream.pipeline.warning.spi.Tier;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * The binary form of one learner's {@link LearnerWarnings}, so the streaming job keeps it without Kryo.
 * The format is recorded once per state (in the serializer's snapshot), not per value.
 *
 * <p>Format 3 (written): the learner's newest event, the open alerts (each with its tier and when it was escalated)
 * and cooldowns, then one section per rule
 * (rule id, the version of that rule's state, its length, its bytes), so rules change their state on their own:
 * <ul>
 *   <li>a rule reads each older version of its own section;</li>
 *   <li>a rule with no section in the state (added since) starts with its new state;</li>
 *   <li>a section of a rule this version does not register (removed since) is skipped, and that rule's open alerts
 *       are dropped from the state (they stay as they are in Kafka and ClickHouse);</li>
 *   <li>a section newer than its rule reads is refused rather than misread.</li>
 * </ul>
 * Format 2 (read only) is format 3 without the tiers: its open alerts restore as caution, and escalate when their
 * condition persists. Format 1 (read only) held the five rules' state in one layout ({@link Format1RuleStates}). Any other format is
 * refused.
 */
public final class LearnerWarningsCodec {

  public static final int CURRENT_FORMAT = 3;
  private static final int FORMAT_ONE_LAYOUT = 1;
  private static final int FORMAT_WITHOUT_TIERS = 2;

  private LearnerWarningsCodec() {
  }

  public static void write(LearnerWarnings w, DataOutput out) throws IOException {
    out.writeUTF(w.tenant);
    out.writeUTF(w.learner);
    out.writeLong(w.lastActivity);
    StateIo.writeNullable(out, w.lastStatement);
    StateIo.writeNullable(out, w.course);
    StateIo.writeNullable(out, w.section);
    StateIo.writeMap(out, w.open, LearnerWarningsCodec::writeOpen);
    StateIo.writeMap(out, w.lastRaised, DataOutput::writeLong);
    out.writeInt(w.states.size());
    for (Map.Entry<String, Object> e : w.states.entrySet()) {
      writeSection(out, WarningRuleRegistry.find(e.getKey()), e.getValue());
    }
  }

  public static LearnerWarnings read(DataInput in, int format) throws IOException {
    if (format < FORMAT_ONE_LAYOUT || format > CURRENT_FORMAT) {
      throw new IOException("early-warning state is in format " + format + ", but this version reads formats "
          + FORMAT_ONE_LAYOUT + " to " + CURRENT_FORMAT + " only; restore with the version that wrote it");
    }
    LearnerWarnings w = new LearnerWarnings(in.readUTF(), in.readUTF());
    w.lastActivity = in.readLong();
    w.lastStatement = StateIo.readNullable(in);
    w.course = StateIo.readNullable(in);
    w.section = StateIo.readNullable(in);
    if (format == FORMAT_ONE_LAYOUT) {
      w.states.putAll(Format1RuleStates.read(in));
    }
    StateIo.readMap(in, w.open, alert -> readOpen(alert, format));
    // Open alerts of rules this version does not register have no rule to resolve them.
    w.open.values().removeIf(o -> o.rule == null);
    StateIo.readMap(in, w.lastRaised, DataInput::readLong);
    if (format != FORMAT_ONE_LAYOUT) {
      for (int i = in.readInt(); i > 0; i--) {
        readSection(in, w.states);
      }
    }
    return w;
  }

  /** A deep copy, through the binary form so that no field can be forgotten. */
  public static LearnerWarnings copy(LearnerWarnings w) {
    return StateIo.copy(w, (out, v) -> write(v, out), in -> read(in, CURRENT_FORMAT), "early-warning state");
  }

  @SuppressWarnings("unchecked")
  private static <T> void writeSection(DataOutput out, WarningRule<?, T> rule, Object state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    rule.writeState((T) state, new DataOutputStream(bytes));
    out.writeUTF(rule.id());
    out.writeInt(rule.stateVersion());
    out.writeInt(bytes.size());
    out.write(bytes.toByteArray());
  }

  private static void readSection(DataInput in, Map<String, Object> states) throws IOException {
    String id = in.readUTF();
    int version = in.readInt();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    WarningRule<?, ?> rule = WarningRuleRegistry.find(id);
    if (rule == null) {
      return;
    }
    if (version > rule.stateVersion()) {
      throw new IOException("early-warning state of rule " + id + " is in version " + version
          + ", but this version of the rule reads up to " + rule.stateVersion()
          + "; restore with the version that wrote it");
    }
    states.put(id, rule.readState(new DataInputStream(new ByteArrayInputStream(bytes)), version));
  }

  private static void writeOpen(DataOutput out, LearnerWarnings.Open o) throws IOException {
    out.writeUTF(o.rule.id());
    StateIo.writeNullable(out, o.skill);
    out.writeLong(o.episode);
    out.writeUTF(o.alertId);
    out.writeUTF(o.severity.name());
    StateIo.writeNullable(out, o.course);
    StateIo.writeNullable(out, o.section);
    StateIo.writeNullable(out, o.evidence);
    StateIo.writeStrings(out, o.events == null ? List.of() : o.events);
    out.writeDouble(o.reference);
    out.writeUTF(o.tier.name());
    out.writeLong(o.escalatedAt == null ? Long.MIN_VALUE : o.escalatedAt);
  }

  /** An open alert; its rule is null when this version does not register it. */
  private static LearnerWarnings.Open readOpen(DataInput in, int format) throws IOException {
    LearnerWarnings.Open o = new LearnerWarnings.Open();
    String rule = in.readUTF();
    // Format 1 named the rule by its enum constant (WHEEL_SPINNING), the lower-case form of its id.
    o.rule = WarningRuleRegistry.find(format == FORMAT_ONE_LAYOUT ? rule.toLowerCase(Locale.ROOT) : rule);
    o.skill = StateIo.readNullable(in);
    o.episode = in.readLong();
    o.alertId = in.readUTF();
    o.severity = Severity.valueOf(in.readUTF());
    o.course = StateIo.readNullable(in);
    o.section = StateIo.readNullable(in);
    o.evidence = StateIo.readNullable(in);
    List<String> events = new ArrayList<>();
    StateIo.readStrings(in, events);
    o.events = events;
    o.reference = in.readDouble();
    if (format == CURRENT_FORMAT) {
      o.tier = Tier.valueOf(in.readUTF());
      long escalatedAt = in.readLong();
      o.escalatedAt = escalatedAt == Long.MIN_VALUE ? null : escalatedAt;
    }
    return o;
  }
}
