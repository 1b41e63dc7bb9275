package org.learnstream.pipeline.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;
import org.learnstream.pipeline.xapi.SamePerson;

/** Which pseudonyms an erasure of a person looks for: their records' where they have them, else the HMAC ones. */
class PersonErasureLearnersTest {

  private static final Pseudonymizer KEY = Pseudonymizer.unkeyed();
  private static final ActorIdentifier ANA = ActorIdentifier.mbox("mailto:ana@school.example");
  private static final String BY_SHA1 = SamePerson.canonicalsOf(ANA.canonical()).get(1);
  private static final String RECORDS = "0123456789abcdef0123456789abcdef";

  private final PersonErasure erasure = new PersonErasure(null, KEY);

  @Test
  void anIdentifierWithARecordIsErasedUnderTheRecordsPseudonymAndItsHmacOneByPseudonymAlone() {
    List<LearnerErasure.Learner> learners = erasure.learners("s", Optional.of(ANA), null,
        Map.of(ANA.canonical(), RECORDS));

    assertThat(learners).extracting(LearnerErasure.Learner::pseudonym)
        .containsExactly(RECORDS, KEY.learnerId("s", BY_SHA1), KEY.learnerId("s", ANA.canonical()));
    assertThat(learners.get(0).identifier()).contains(ANA);
    assertThat(learners.get(1).identifier().map(ActorIdentifier::canonical)).contains(BY_SHA1);
    assertThat(learners.get(2).identifier()).as("rows derived without records: by pseudonym only").isEmpty();
  }

  @Test
  void withoutRecordsEachIdentifierIsErasedUnderItsHmacPseudonymAsBefore() {
    assertThat(erasure.learners("s", Optional.of(ANA), null, Map.of()))
        .isEqualTo(erasure.learners("s", Optional.of(ANA), null))
        .extracting(LearnerErasure.Learner::pseudonym)
        .containsExactly(KEY.learnerId("s", ANA.canonical()), KEY.learnerId("s", BY_SHA1));
  }

  @Test
  void aPseudonymGivenIsErasedAsGiven() {
    assertThat(erasure.learners("s", Optional.empty(), RECORDS, Map.of(ANA.canonical(), "ignored")))
        .containsExactly(new LearnerErasure.Learner("s", RECORDS, Optional.empty()));
  }
}
