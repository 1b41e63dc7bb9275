package org.learnstream.jobs.ingest.documents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.learnstream.jobs.ingest.ByteSearch;

/**
 * The activities a statement defines: its object, a sub-statement's object and the context activities. Found by one
 * pass over the accepted statement's bytes ({@link JsonCursor}) that makes nothing but the ids: the members that cannot
 * hold a definition (actor, verb, result, ...) are passed by their brackets, and each definition is only located, so
 * that a definition the LRS already merged costs a comparison of bytes rather than a tree.
 */
final class DefinedActivities {

  /** One activity id with where, in the statement's bytes, the definition the statement gave it lies. */
  record Defined(String id, int start, int end) {
  }

  private static final ByteSearch MARKER = ByteSearch.of("\"definition\"".getBytes(StandardCharsets.UTF_8));

  private DefinedActivities() {
  }

  /** A cheap look at the bytes: a statement without the word cannot define an activity. */
  static boolean mayDefine(byte[] json) {
    return MARKER.in(json);
  }

  /** The activities {@code statement} (one accepted statement object, UTF-8) defines, in the order they appear. */
  static List<Defined> in(byte[] statement) {
    List<Defined> out = new ArrayList<>(2);
    JsonCursor json = new JsonCursor(statement);
    if (json.enterObject()) {
      statementMembers(json, out);
    }
    return out;
  }

  /** Inside a statement (or sub-statement); leaves the cursor past its closing brace. */
  private static void statementMembers(JsonCursor json, List<Defined> out) {
    while (json.nextMember()) {
      if (json.nameIs("object") && json.enterObject()) {
        object(json, out);
      } else if (json.nameIs("context") && json.enterObject()) {
        context(json, out);
      } else {
        json.skipValue();
      }
    }
  }

  /** The statement's object: an Activity (no objectType, or "Activity") or a SubStatement; nothing else defines. */
  private static void object(JsonCursor json, List<Defined> out) {
    List<Defined> inSubStatement = new ArrayList<>(0);
    Activity activity = activity(json, inSubStatement);
    if (activity.type == null || activity.type.equals("Activity")) {
      activity.addTo(out);
    } else if (activity.type.equals("SubStatement")) {
      out.addAll(inSubStatement);
    }
  }

  private static void context(JsonCursor json, List<Defined> out) {
    while (json.nextMember()) {
      if (json.nameIs("contextActivities") && json.enterObject()) {
        contextActivities(json, out);
      } else {
        json.skipValue();
      }
    }
  }

  /** {@code parent}, {@code grouping}, {@code category}, {@code other}: each one activity or an array of them. */
  private static void contextActivities(JsonCursor json, List<Defined> out) {
    while (json.nextMember()) {
      if (json.enterObject()) {
        activity(json, null).addTo(out);
      } else if (json.enterArray()) {
        while (json.nextElement()) {
          if (json.enterObject()) {
            activity(json, null).addTo(out);
          } else {
            json.skipValue();
          }
        }
      } else {
        json.skipValue();
      }
    }
  }

  /**
   * Reads an object that may be an activity; a sub-statement's own object and context go to {@code subStatement}
   * (null: not looked for), to be kept once its objectType, which may come last, says it is one.
   */
  private static Activity activity(JsonCursor json, List<Defined> subStatement) {
    Activity activity = new Activity();
    while (json.nextMember()) {
      if (json.nameIs("id")) {
        activity.id = json.string();
      } else if (json.nameIs("objectType")) {
        activity.type = json.isNull() ? null : Objects.requireNonNullElse(json.string(), "");
      } else if (json.nameIs("definition")) {
        int start = json.position();
        boolean isObject = json.enterObject();
        activity.end = isObject ? closeObject(json) : json.skipValue();
        activity.start = isObject ? start : -1;
      } else if (subStatement != null && json.nameIs("object") && json.enterObject()) {
        object(json, subStatement);
      } else if (subStatement != null && json.nameIs("context") && json.enterObject()) {
        context(json, subStatement);
      } else {
        json.skipValue();
      }
    }
    return activity;
  }

  /** Passes the rest of an object just entered; returns where it ends. */
  private static int closeObject(JsonCursor json) {
    while (json.nextMember()) {
      json.skipValue();
    }
    return json.here();
  }

  /** What one object said of itself; a definition counts when it is an object and the id a string. */
  private static final class Activity {
    String id;
    String type;
    int start = -1;
    int end = -1;

    void addTo(List<Defined> out) {
      if (id != null && start >= 0 && end > start) {
        out.add(new Defined(id, start, end));
      }
    }
  }
}
