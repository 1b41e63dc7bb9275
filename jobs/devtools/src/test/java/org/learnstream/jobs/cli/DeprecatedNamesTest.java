package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.settings.ClientVariables;
import picocli.CommandLine;

/** send's credential variables: LEARNSTREAM_XAPI_USER/PASSWORD, and the former names for one release. */
class DeprecatedNamesTest {

  private final StringWriter err = new StringWriter();

  @Test
  void theCurrentVariableIsReadWithoutAWarning() {
    String password = password(Map.of("LEARNSTREAM_XAPI_PASSWORD", "s3cret"));

    assertThat(password).isEqualTo("s3cret");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void theFormerVariableIsStillReadAndSaysWhatReplacesIt() {
    String password = password(Map.of("LEARNSTREAM_PASSWORD", "s3cret"));

    assertThat(password).isEqualTo("s3cret");
    assertThat(err.toString().strip()).isEqualTo("learnstream send: LEARNSTREAM_PASSWORD is deprecated and goes in "
        + "the next release; use LEARNSTREAM_XAPI_PASSWORD");
  }

  @Test
  void theCurrentVariableWinsOverTheFormerOneWithoutAWarning() {
    String password = password(Map.of("LEARNSTREAM_XAPI_PASSWORD", "new", "LEARNSTREAM_PASSWORD", "old"));

    assertThat(password).isEqualTo("new");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void neitherVariableSetReadsNothing() {
    assertThat(password(Map.of())).isNull();
    assertThat(err.toString()).isEmpty();
  }

  private String password(Map<String, String> environment) {
    CommandLine send = LearnstreamCli.commandLine(environment).getSubcommands().get("send");
    send.setErr(new PrintWriter(err, true));
    return DeprecatedNames.variable(send.getCommandSpec(), ClientVariables.XAPI_PASSWORD.name(),
        ClientVariables.PASSWORD);
  }
}
