package org.learnstream.jobs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Appends the rule for an accepted suggestion (this activity is evidence for that skill) to a YAML rules file, so
 * that the running job picks it up at its next check and a replay re-maps the history. The file keeps its comments;
 * it is replaced only once the rules with the new one pass the job's own validation.
 */
public final class AcceptedSkillRule {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The first entry of a block list, to write the new rule with the same indentation. */
  private static final Pattern LIST_ENTRY = Pattern.compile("(?m)^( *)- ");

  private AcceptedSkillRule() {
  }

  /** Appends {@code - activity: A / skills: [S]} with {@code comment} above it; returns the rules' count after. */
  public static int append(Path rulesFile, String activity, String skill, String comment) throws IOException {
    String text = Files.readString(rulesFile, StandardCharsets.UTF_8);
    if (text.stripLeading().startsWith("{")) {
      throw new IllegalArgumentException(rulesFile + " is JSON; accepting writes YAML rules: convert the file to "
          + "YAML or add the rule by hand");
    }
    Matcher entry = LIST_ENTRY.matcher(text.substring(Math.max(0, text.indexOf("rules:"))));
    String indent = entry.find() ? entry.group(1) : "  ";
    String rule = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + indent + "# " + comment + "\n"
        + indent + "- activity: " + quoted(activity) + "\n" + indent + "  skills: [" + quoted(skill) + "]\n";
    Path edited = rulesFile.resolveSibling(rulesFile.getFileName() + ".accepting");
    Files.writeString(edited, text + rule, StandardCharsets.UTF_8);
    try {
      int rules = SkillRulesFile.load(edited).size();
      Files.move(edited, rulesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return rules;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the rule for " + activity + " cannot be appended to " + rulesFile
          + " (is rules: the last key, as a block list?): " + e.getMessage() + "; add it by hand", e);
    } finally {
      Files.deleteIfExists(edited);
    }
  }

  /** A YAML double-quoted scalar: JSON's string escaping is valid there. */
  private static String quoted(String value) throws JsonProcessingException {
    return JSON.writeValueAsString(value);
  }
}
