package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LearnerDigestTest {

  @Test
  void theDigestIsTheSha256OfTenantAndPseudonymInLowercaseHex() {
    // sha256sum of "district-7|5f0c2a"
    assertThat(LearnerDigest.of("district-7", "5f0c2a"))
        .isEqualTo("1893515d3bb6eb0caa80550907dd37ac0534c652dca777d3a0c36e5f0fa2ceba");
  }

  @Test
  void theSamePseudonymInAnotherTenantHasAnotherDigest() {
    assertThat(LearnerDigest.of("district-8", "5f0c2a")).isNotEqualTo(LearnerDigest.of("district-7", "5f0c2a"));
  }

  @Test
  void aDigestHasTheShapeOfOneAndAPseudonymDoesNot() {
    assertThat(LearnerDigest.isDigest(LearnerDigest.of("t", "p"))).isTrue();
    assertThat(LearnerDigest.isDigest("5f0c2a")).isFalse();
    assertThat(LearnerDigest.isDigest(LearnerDigest.of("t", "p").toUpperCase())).isFalse();
  }

  @Test
  void theCacheAnswersAsTheDigestDoesAlsoPastItsCapacity() {
    LearnerDigest.Cache cache = new LearnerDigest.Cache(2);
    for (String pseudonym : new String[] {"a", "b", "c", "a", "b"}) {
      assertThat(cache.of("t", pseudonym)).isEqualTo(LearnerDigest.of("t", pseudonym));
    }
  }
}
