package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void aSeedAlwaysGivesTheSameNames() {
    for (int i = 0; i < 50; i++) {
      assertThat(Names.displayName(42, i)).isEqualTo(Names.displayName(42, i));
    }
  }

  @Test
  void theFirstFourThousandLearnersHaveDistinctPlainNames() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 4096; i++) {
      String name = Names.displayName(7, i);
      assertThat(name).matches("[A-Z][a-z]+ [A-Z][a-z]+");
      names.add(name);
    }
    assertThat(names).hasSize(4096);
  }

  @Test
  void laterLearnersGetAMiddleInitial() {
    assertThat(Names.displayName(7, 5000)).matches("[A-Z][a-z]+ [A-Z]\\. [A-Z][a-z]+");
  }

  @Test
  void anotherSeedGivesOtherNames() {
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      a.add(Names.displayName(1, i));
      b.add(Names.displayName(2, i));
    }
    assertThat(b).isNotEqualTo(a);
  }
}
