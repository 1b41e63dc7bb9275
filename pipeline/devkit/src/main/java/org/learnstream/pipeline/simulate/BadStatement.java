package org.learnstream.pipeline.simulate;

import java.util.Arrays;
import java.util.Objects;

/**
 * A deliberately malformed statement and what is wrong with it.
 *
 * @param label    short description, e.g. "mbox without mailto:"
 * @param field    the offending property path, e.g. {@code actor.mbox}; {@code (body)} when the JSON itself is broken
 * @param rule     the rule it violates, phrased as what a valid statement needs
 * @param actorKey Kafka key as for good statements; {@code tenant|unknown} when there is no usable actor
 * @param json     the raw bytes to send
 */
public record BadStatement(String label, String field, String rule, String tenant, String actorKey, byte[] json) {

  @Override
  public boolean equals(Object o) {
    return o instanceof BadStatement b && label.equals(b.label) && field.equals(b.field) && rule.equals(b.rule)
        && tenant.equals(b.tenant) && actorKey.equals(b.actorKey) && Arrays.equals(json, b.json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, field, Arrays.hashCode(json));
  }

  @Override
  public String toString() {
    return "BadStatement[" + label + ": " + field + " " + rule + "]";
  }
}
