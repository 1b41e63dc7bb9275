package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.learnstream.jobs.ingest.ByteSearch;

/**
 * The activities a statement defines: its object, a sub-statement's object and the context activities. Found by one
 * pass over the accepted statement's bytes that builds nothing but the ids: the members that cannot hold a definition
 * (actor, verb, result, ...) are skipped unread, and each definition is only located, so that a definition the LRS
 * already merged costs a comparison of bytes rather than a tree.
 */
final class DefinedActivities {

  /** One activity id with where, in the statement's bytes, the definition the statement gave it lies. */
  record Defined(String id, int start, int end) {
  }

  private static final ByteSearch MARKER = ByteSearch.of("\"definition\"".getBytes(StandardCharsets.UTF_8));
  private static final JsonFactory JSON = new JsonFactory();

  private DefinedActivities() {
  }

  /** A cheap look at the bytes: a statement without the word cannot define an activity. */
  static boolean mayDefine(byte[] json) {
    return MARKER.in(json);
  }

  /** The activities {@code statement} (one statement object, UTF-8) defines, in the order they appear. */
  static List<Defined> in(byte[] statement) throws IOException {
    List<Defined> out = new ArrayList<>(2);
    try (JsonParser p = JSON.createParser(statement)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        statementMembers(p, out);
      }
    }
    return out;
  }

  /** The parser stands on a statement's (or sub-statement's) opening brace; leaves it on the closing one. */
  private static void statementMembers(JsonParser p, List<Defined> out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.START_OBJECT && name.equals("object")) {
        object(p, out);
      } else if (value == JsonToken.START_OBJECT && name.equals("context")) {
        context(p, out);
      } else {
        p.skipChildren();
      }
    }
  }

  /** The statement's object: an Activity (no objectType, or "Activity") or a SubStatement; nothing else defines. */
  private static void object(JsonParser p, List<Defined> out) throws IOException {
    List<Defined> inSubStatement = new ArrayList<>(0);
    Activity activity = activity(p, inSubStatement);
    if (activity.type == null || activity.type.equals("Activity")) {
      activity.addTo(out);
    } else if (activity.type.equals("SubStatement")) {
      out.addAll(inSubStatement);
    }
  }

  private static void context(JsonParser p, List<Defined> out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean lists = p.currentName().equals("contextActivities");
      if (p.nextToken() == JsonToken.START_OBJECT && lists) {
        contextActivities(p, out);
      } else {
        p.skipChildren();
      }
    }
  }

  /** {@code parent}, {@code grouping}, {@code category}, {@code other}: each one activity or an array of them. */
  private static void contextActivities(JsonParser p, List<Defined> out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken list = p.nextToken();
      if (list == JsonToken.START_OBJECT) {
        activity(p, null).addTo(out);
      } else if (list == JsonToken.START_ARRAY) {
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
          if (element == JsonToken.START_OBJECT) {
            activity(p, null).addTo(out);
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
  }

  /**
   * Reads an object that may be an activity; a sub-statement's own object and context go to {@code subStatement}
   * (null: not looked for), to be kept once its objectType, which may come last, says it is one.
   */
  private static Activity activity(JsonParser p, List<Defined> subStatement) throws IOException {
    Activity activity = new Activity();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "id" -> {
          activity.id = value == JsonToken.VALUE_STRING ? p.getText() : null;
          p.skipChildren();
        }
        case "objectType" -> {
          activity.type = value == JsonToken.VALUE_STRING ? p.getText() : value == JsonToken.VALUE_NULL ? null : "";
          p.skipChildren();
        }
        case "definition" -> {
          activity.start = value == JsonToken.START_OBJECT ? offset(p.currentTokenLocation().getByteOffset()) : -1;
          p.skipChildren();
          activity.end = offset(p.currentLocation().getByteOffset());
        }
        case "object", "context" -> {
          if (subStatement != null && value == JsonToken.START_OBJECT) {
            if (name.equals("object")) {
              object(p, subStatement);
            } else {
              context(p, subStatement);
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return activity;
  }

  private static int offset(long byteOffset) {
    return byteOffset < 0 || byteOffset > Integer.MAX_VALUE ? -1 : (int) byteOffset;
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
