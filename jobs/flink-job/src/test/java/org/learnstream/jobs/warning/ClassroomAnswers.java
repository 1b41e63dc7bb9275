package org.learnstream.jobs.warning;

import java.time.Instant;
import java.util.List;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

/** Answers of learners of one class (course maths, section 1) for the warning operators' tests. */
final class ClassroomAnswers {

  private int sequence;

  LearningEvent answer(String learner, Instant at, boolean correct) {
    sequence++;
    return LearningEvent.newBuilder()
        .setStatementId("s" + sequence).setTenant("t1").setLearner(learner).setKind(EventKind.RESPONSE)
        .setVerb("http://adlnet.gov/expapi/verbs/answered").setObjectId("https://example.org/items/" + sequence)
        .setObjectType("Activity").setSkills(List.of("fractions.add")).setSuccess(correct).setDurationMs(30_000L)
        .setCourse("https://example.org/courses/maths").setSection("https://example.org/sections/1")
        .setTimestamp(at).setStored(at).build();
  }
}
