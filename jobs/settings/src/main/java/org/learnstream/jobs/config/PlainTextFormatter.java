package org.learnstream.jobs.config;

import java.util.EnumSet;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement.TextStyle;

/** Renders an option's description for a terminal: Flink's own formatters write HTML or Markdown. */
final class PlainTextFormatter extends Formatter {

  @Override
  protected void formatLink(StringBuilder state, String link, String description) {
    state.append(description.isEmpty() ? link : description + " (" + link + ")");
  }

  @Override
  protected void formatLineBreak(StringBuilder state) {
    state.append(System.lineSeparator());
  }

  @Override
  protected void formatText(StringBuilder state, String format, String[] elements, EnumSet<TextStyle> styles) {
    state.append(elements.length == 0 ? format : String.format(format, (Object[]) elements));
  }

  @Override
  protected void formatList(StringBuilder state, String[] entries) {
    for (String entry : entries) {
      state.append(System.lineSeparator()).append("- ").append(entry);
    }
  }

  @Override
  protected Formatter newInstance() {
    return new PlainTextFormatter();
  }
}
