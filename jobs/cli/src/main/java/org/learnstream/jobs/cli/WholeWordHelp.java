package org.learnstream.jobs.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help as picocli lays it out, except that no line breaks inside a word. picocli wraps with java.text.BreakIterator,
 * which breaks after a dot or hyphen within a word ("skill.|parameters", "e.|g.", "bootstrap-|servers"); setting,
 * topic and file names must stay whole to be read and copied. Such dots and hyphens are held as private-use
 * characters (one character each, so the widths do not change) while picocli wraps, and put back after.
 */
final class WholeWordHelp extends CommandLine.Help {

  private static final char HELD_DOT = '\uE000';
  private static final char HELD_HYPHEN = '\uE001';

  WholeWordHelp(CommandSpec spec, ColorScheme colors) {
    super(spec, colors);
  }

  /** Every command of {@code cli} renders its help this way. */
  static void useFor(CommandLine cli) {
    cli.setHelpFactory(WholeWordHelp::new);
  }

  @Override
  public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
      ColorScheme scheme) {
    Layout layout = super.createDefaultLayout(options, positionals, scheme);
    return new Layout(scheme, new WholeWordTable(scheme, layout.textTable().columns()), layout.optionRenderer(),
        layout.parameterRenderer());
  }

  @Override
  public String description(Object... params) {
    return wrap(commandSpec().usageMessage().description(), params);
  }

  @Override
  public String footer(Object... params) {
    return wrap(commandSpec().usageMessage().footer(), params);
  }

  /** What picocli does for a description or footer: one column as wide as the help, each line wrapped in it. */
  private String wrap(String[] lines, Object... params) {
    TextTable table = new WholeWordTable(colorScheme(),
        new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP));
    table.indentWrappedLines = 0;
    for (String line : lines) {
      table.addRowValues(colorScheme().ansi().new Text(String.format(line, params), colorScheme()));
    }
    return table.toString();
  }

  static String hold(String text) {
    StringBuilder held = new StringBuilder(text);
    for (int i = 1; i + 1 < held.length(); i++) {
      char c = held.charAt(i);
      if ((c == '.' || c == '-') && Character.isLetterOrDigit(held.charAt(i - 1))
          && Character.isLetterOrDigit(held.charAt(i + 1))) {
        held.setCharAt(i, c == '.' ? HELD_DOT : HELD_HYPHEN);
      }
    }
    return held.toString();
  }

  static String release(String text) {
    return text.replace(HELD_DOT, '.').replace(HELD_HYPHEN, '-');
  }

  /** A text table that wraps its cells with the dots and hyphens inside words held. */
  private static final class WholeWordTable extends TextTable {

    private final ColorScheme scheme;

    WholeWordTable(ColorScheme scheme, Column... columns) {
      super(scheme, columns);
      this.scheme = scheme;
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      String plain = value.plainString();
      String held = hold(plain);
      return super.putValue(row, col, held.equals(plain) ? value : scheme.ansi().new Text(held, scheme));
    }

    @Override
    public StringBuilder toString(StringBuilder text) {
      int start = text.length();
      super.toString(text);
      text.replace(start, text.length(), release(text.substring(start)));
      return text;
    }

    @Override
    public String toString() {
      return toString(new StringBuilder()).toString();
    }
  }
}
