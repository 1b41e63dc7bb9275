package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillParameterSetTest {

  @TempDir
  Path dir;

  @Test
  void unseenSkillsGetTheDefaults() {
    BktParameters fractions = BktParameters.of(0.4, 0.2, 0.1, 0.05);
    SkillParameterSet set = new SkillParameterSet("v1", BktParameters.DEFAULTS, Map.of("fractions", fractions));
    assertThat(set.forSkill("fractions")).isEqualTo(fractions);
    assertThat(set.forSkill("geometry")).isEqualTo(BktParameters.DEFAULTS);
    assertThat(set.isFitted("geometry")).isFalse();
    assertThat(set.modelVersion()).isEqualTo("bkt/v1");
  }

  @Test
  void roundTripsThroughJson() throws IOException {
    SkillParameterSet set = new SkillParameterSet("assistments09", BktParameters.of(0.3, 0.1, 0.2, 0.1),
        Map.of("Box and Whisker", new BktParameters(0.8534, 0.19638, 0.24682, 0.21956, 0.01),
            "143", BktParameters.of(0.1, 0.3, 0.25, 0.05)));
    Path file = dir.resolve("out/params.json");
    set.write(file);
    assertThat(Files.readString(file)).contains("\"Box and Whisker\"").contains("\"prior\"");
    assertThat(SkillParameterSet.read(file)).isEqualTo(set);
  }

  @Test
  void readingInvalidParametersNamesTheFileAndTheRule() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.json"), """
        {"id": "x", "defaults": {"prior": 0.3, "learn": 0.1, "guess": 0.7, "slip": 0.1, "forget": 0},
         "skills": {}}
        """);
    assertThatThrownBy(() -> SkillParameterSet.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("guess must be < 0.5");
  }
}
