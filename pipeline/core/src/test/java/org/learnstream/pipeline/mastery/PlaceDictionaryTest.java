package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlaceDictionaryTest {

  @Test
  void placesWhoseTextsConcatenateAlikeGetDifferentKeys() {
    assertThat(PlaceDictionary.keyOf("ab", "c")).isNotEqualTo(PlaceDictionary.keyOf("a", "bc"));
    assertThat(PlaceDictionary.keyOf(null, "s")).isNotEqualTo(PlaceDictionary.keyOf("", "s"));
    assertThat(PlaceDictionary.keyOf("c", null)).isNotEqualTo(PlaceDictionary.keyOf(null, "c"));
  }

  @Test
  void aRestoredPlaceIsFoundByTheKeyAHistoryStored() {
    PlaceDictionary dictionary = new PlaceDictionary();
    dictionary.restore(new PlaceDictionary.Place("course", null));

    assertThat(dictionary.get(PlaceDictionary.keyOf("course", null)))
        .isEqualTo(new PlaceDictionary.Place("course", null));
  }

  @Test
  void twoPlacesUnderOneKeyAreRefusedRatherThanConfused() {
    PlaceDictionary dictionary = new PlaceDictionary();
    long key = PlaceDictionary.keyOf("c1", "s1");
    dictionary.share(key, new PlaceDictionary.Place("c1", "s1"));
    dictionary.share(key, new PlaceDictionary.Place("c1", "s1"));

    assertThatThrownBy(() -> dictionary.share(key, new PlaceDictionary.Place("c2", "s2")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("same 64-bit key");
    assertThat(dictionary.size()).isEqualTo(1);
  }
}
