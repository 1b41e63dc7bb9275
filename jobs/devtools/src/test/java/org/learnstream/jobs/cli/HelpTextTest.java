package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help texts are written one string per paragraph so that picocli wraps them to the terminal; a hard line break
 * inside a sentence shows as a line that ends early although the next word would have fitted.
 */
class HelpTextTest {

  private static final int[] WIDTHS = {80, 200};

  @Test
  void noHelpOutputBreaksALineWherePicocliWouldHaveKeptTheNextWord() {
    assertThat(atEveryWidth(HelpTextTest::linesEndingEarly)).as("lines broken mid-sentence").isEmpty();
  }

  private static List<String> linesEndingEarly(CommandLine command, int width) {
    List<String> problems = new ArrayList<>();
    List<String> lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().toList();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String line = lines.get(i).stripTrailing();
      String next = lines.get(i + 1);
      if (continues(line, next) && !endsParagraph(line)
          && line.length() + 1 + firstWord(next).length() < width) {
        problems.add(name(command) + " at width " + width + " (" + line.length() + "): '" + line.strip() + "' / '"
            + next.strip() + "'");
      }
    }
    return problems;
  }

  /** The problems {@code check} finds in the help of every command at each width. */
  private static List<String> atEveryWidth(BiFunction<CommandLine, Integer, List<String>> check) {
    List<String> problems = new ArrayList<>();
    for (int width : WIDTHS) {
      for (CommandLine command : everyCommand()) {
        command.setUsageHelpWidth(width);
        problems.addAll(check.apply(command, width));
      }
    }
    return problems;
  }

  @Test
  void everyDescriptionParagraphIsACompleteSentence() {
    List<String> problems = new ArrayList<>();
    for (CommandLine command : everyCommand()) {
      CommandSpec spec = command.getCommandSpec();
      check(name(command) + " description", spec.usageMessage().description(), problems);
      check(name(command) + " header", spec.usageMessage().header(), problems);
      check(name(command) + " footer", spec.usageMessage().footer(), problems);
      for (ArgSpec arg : Stream.concat(spec.options().stream(), spec.positionalParameters().stream()).toList()) {
        check(name(command) + " " + arg.paramLabel(), arg.description(), problems);
      }
    }
    assertThat(problems).as("paragraphs that end mid-sentence").isEmpty();
  }

  @Test
  void everyVerbsHelpEndsWithAnExampleOfThatVerb() {
    List<String> problems = new ArrayList<>();
    for (CommandLine command : everyCommand()) {
      command.setUsageHelpWidth(80);
      String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      int heading = help.indexOf("\nExample:\n");
      List<String> verb = List.of(command.getCommandSpec().qualifiedName().split(" "));
      if (heading < 0 || help.substring(heading).lines().noneMatch(line -> invokes(line, verb))) {
        problems.add(name(command));
      }
    }
    assertThat(problems).as("verbs whose --help shows no example of themselves").isEmpty();
  }

  /** The line is a command line naming the verb's words in order (a parent's options may stand between them). */
  private static boolean invokes(String line, List<String> verb) {
    List<String> words = List.of(line.strip().split("\\s+"));
    int found = 0;
    for (String word : words) {
      if (found < verb.size() && word.equals(verb.get(found))) {
        found++;
      }
    }
    return !words.isEmpty() && words.get(0).equals("learnstream") && found == verb.size();
  }

  @Test
  void noHelpOutputSplitsAWordAcrossTwoLines() {
    assertThat(atEveryWidth(HelpTextTest::wordsSplit)).as("words split across lines").isEmpty();
  }

  @Test
  void theCheckSeesAWordSplitAcrossTwoLines() {
    CommandLine split = new CommandLine(CommandSpec.create().name("split"));
    split.getCommandSpec().usageMessage().description("Writes the fitted set to " + "x".repeat(90) + ".json at once.");
    split.setUsageHelpWidth(80);

    assertThat(wordsSplit(split, 80)).hasSize(1).allMatch(problem -> problem.contains("x".repeat(20)));
  }

  @Test
  void theCheckSeesAHardLineBreakInsideASentence() {
    CommandLine broken = new CommandLine(CommandSpec.create().name("broken"));
    broken.getCommandSpec().usageMessage().description("A sentence that was broken", "in the middle by hand.");
    broken.setUsageHelpWidth(80);

    List<String> problems = new ArrayList<>();
    check("broken", broken.getCommandSpec().usageMessage().description(), problems);

    assertThat(problems)
        .containsExactly("broken: 'A sentence that was broken' is followed by 'in the middle by hand.'");
    List<String> lines = broken.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().toList();
    int at = lines.indexOf("A sentence that was broken");
    assertThat(continues(lines.get(at), lines.get(at + 1))).isTrue();
    assertThat(endsParagraph(lines.get(at))).isFalse();
  }

  /**
   * A line whose last word and the next line's first word occur joined, without a space, in the help's own text:
   * picocli broke inside a word (as it does in one longer than the column, or at a dot in "PARAMS.json").
   */
  private static List<String> wordsSplit(CommandLine command, int width) {
    String source = String.join(" ", sourceTexts(command.getCommandSpec()));
    List<String> lines = command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().toList();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String line = lines.get(i).stripTrailing();
      String next = lines.get(i + 1);
      if (line.isBlank() || next.isBlank() || line.endsWith(" ")) {
        continue;
      }
      String last = line.substring(line.lastIndexOf(' ') + 1);
      String joined = last + firstWord(next);
      if (!last.isEmpty() && !firstWord(next).isEmpty() && source.contains(joined)
          && !source.contains(last + " " + firstWord(next))) {
        problems.add(name(command) + " at width " + width + ": '" + last + "' / '" + firstWord(next) + "'");
      }
    }
    return problems;
  }

  /** The texts picocli wraps: descriptions, headers and footers of the command and its options. */
  private static List<String> sourceTexts(CommandSpec spec) {
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().header()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    for (ArgSpec arg : Stream.concat(spec.options().stream(), spec.positionalParameters().stream()).toList()) {
      texts.addAll(List.of(arg.description()));
    }
    return texts;
  }

  private static void check(String where, String[] paragraphs, List<String> problems) {
    for (int i = 0; i + 1 < paragraphs.length; i++) {
      if (!paragraphs[i].isBlank() && !endsParagraph(paragraphs[i]) && !paragraphs[i + 1].isBlank()) {
        problems.add(where + ": '" + paragraphs[i] + "' is followed by '" + paragraphs[i + 1] + "'");
      }
    }
  }

  /** The next line carries on the text of this one: same text column, and not a new option or command row. */
  private static boolean continues(String line, String next) {
    if (line.isBlank() || next.isBlank() || line.startsWith("Usage:")) {
      return false;
    }
    int nextIndent = indent(next);
    if (textColumn(line) > indent(line) && nextIndent == textColumn(line)) {
      return true;
    }
    return nextIndent == indent(line) && !next.strip().startsWith("-") && !line.strip().startsWith("-")
        && !line.endsWith(":");
  }

  /** Where the last column of a row starts: after the last run of two or more spaces, else at the indent. */
  private static int textColumn(String line) {
    int gap = line.stripTrailing().lastIndexOf("  ");
    if (gap < indent(line)) {
      return indent(line);
    }
    int column = gap;
    while (column < line.length() && line.charAt(column) == ' ') {
      column++;
    }
    return column;
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static boolean endsParagraph(String text) {
    String end = text.stripTrailing();
    // a shell line continued on the next (in an example) ends its line on purpose
    return end.endsWith(".") || end.endsWith(":") || end.endsWith("!") || end.endsWith("?") || end.endsWith("\\");
  }

  private static String firstWord(String line) {
    return line.strip().split(" ", 2)[0];
  }

  private static List<CommandLine> everyCommand() {
    List<CommandLine> all = new ArrayList<>();
    collect(LearnstreamCli.commandLine(), all);
    return all;
  }

  private static void collect(CommandLine command, List<CommandLine> all) {
    all.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
  }

  private static String name(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }
}
