package org.learnstream.pipeline.xapi;

/**
 * A JSON path such as {@code $.actor.mbox} or {@code $[3].result}, kept as a parent link plus one step. The
 * validator visits dozens of values per statement and almost all of them are fine, so the text is only built
 * when a violation names the path.
 */
final class JsonPath {

  private final JsonPath parent;
  /** The member name of this step, or for the root its whole text; null for an array index. */
  private final String key;
  private final int index;

  private JsonPath(JsonPath parent, String key, int index) {
    this.parent = parent;
    this.key = key;
    this.index = index;
  }

  /** A root path whose text is {@code text}, e.g. {@code $} or {@code $[2]}. */
  static JsonPath root(String text) {
    return new JsonPath(null, text, -1);
  }

  /** This path followed by {@code .key}. */
  JsonPath key(String name) {
    return new JsonPath(this, name, -1);
  }

  /** This path followed by {@code [index]}. */
  JsonPath index(int i) {
    return new JsonPath(this, null, i);
  }

  @Override
  public String toString() {
    if (parent == null) {
      return key;
    }
    StringBuilder text = new StringBuilder(48);
    appendTo(text);
    return text.toString();
  }

  private void appendTo(StringBuilder text) {
    if (parent == null) {
      text.append(key);
      return;
    }
    parent.appendTo(text);
    if (key != null) {
      text.append('.').append(key);
    } else {
      text.append('[').append(index).append(']');
    }
  }
}
