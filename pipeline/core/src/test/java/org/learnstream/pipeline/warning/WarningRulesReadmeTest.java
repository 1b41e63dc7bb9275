package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's list of warning rules is the one the registered rules generate. */
class WarningRulesReadmeTest {

  private static final String BEGIN = "<!-- warning-rules:begin -->\n";
  private static final String END = "<!-- warning-rules:end -->";

  @Test
  void theReadmeListsEveryRegisteredRuleAsTheRegistryDescribesIt() throws IOException {
    String readme = Files.readString(Path.of("..", "..", "README.md"));
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("README marks the rules list with " + BEGIN.strip()).isNotNegative();
    assertThat(end).as("README ends the rules list with " + END).isGreaterThan(begin);

    assertThat(readme.substring(begin + BEGIN.length(), end))
        .as("README rules list; replace it with WarningRuleRegistry.markdown()")
        .isEqualTo(WarningRuleRegistry.markdown());
  }
}
