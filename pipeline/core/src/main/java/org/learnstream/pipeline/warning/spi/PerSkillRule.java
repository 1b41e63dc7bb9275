package org.learnstream.pipeline.warning.spi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A rule that alerts per skill and keeps one value per skill: the map and its encoding are here, the value and its
 * encoding are the rule's.
 */
public abstract class PerSkillRule<S extends RuleSettings, T> implements WarningRule<S, Map<String, T>> {

  @Override
  public final boolean perSkill() {
    return true;
  }

  @Override
  public Map<String, T> newState() {
    return new HashMap<>();
  }

  @Override
  public void writeState(Map<String, T> state, DataOutput out) throws IOException {
    StateIo.writeMap(out, state, this::writeSkill);
  }

  @Override
  public Map<String, T> readState(DataInput in, int version) throws IOException {
    Map<String, T> state = newState();
    StateIo.readMap(in, state, skill -> readSkill(skill, version));
    return state;
  }

  /** One skill's value. */
  protected abstract void writeSkill(DataOutput out, T value) throws IOException;

  /** One skill's value as {@link #writeSkill} wrote it in {@code version}. */
  protected abstract T readSkill(DataInput in, int version) throws IOException;
}
