package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/** Course and section of kept responses are stored once per operator; corrections after a restore still carry them. */
class EventTimeMasteryPlacesTest extends PipelineTestBase {

  private static final int MAX_PARALLELISM = 128;

  @Test
  void correctionsAfterARestoreCarryTheCourseAndSectionOfEachResponse() throws Exception {
    LearningEvent a = placed(response("a", T1, true), "course-1", "section-1");
    LearningEvent b = placed(response("b", T2, false), "course-2", "section-2");
    LearningEvent c = placed(response("c", T3, true), null, "section-3");
    OperatorSubtaskState snapshot;
    try (var before = harness(1, 0, null)) {
      send(before, a);
      send(before, b);
      send(before, c);
      before.processWatermark(T4.toEpochMilli());
      snapshot = before.snapshot(1, T4.toEpochMilli());
    }

    try (var after = harness(1, 0, snapshot)) {
      send(after, retraction(a));

      List<MasteryUpdate> rows = after.extractOutputValues();
      assertThat(rows).extracting(MasteryUpdate::getStatementId).containsExactly("a", "b", "c");
      assertThat(rows).extracting(MasteryUpdate::getCourse).containsExactly("course-1", "course-2", null);
      assertThat(rows).extracting(MasteryUpdate::getSection).containsExactly("section-1", "section-2", "section-3");
    }
  }

  @Test
  void afterScalingInTheRemainingSubtaskKnowsThePlacesOfBothFormerSubtasks() throws Exception {
    String first = learnerOnSubtask(0);
    String second = learnerOnSubtask(1);
    LearningEvent firstA = placed(response(first, SKILL, "a1", T1, true), "course-1", "section-1");
    LearningEvent firstB = placed(response(first, SKILL, "b1", T2, true), "course-1", "section-1");
    LearningEvent secondA = placed(response(second, SKILL, "a2", T1, false), "course-2", "section-2");
    LearningEvent secondB = placed(response(second, SKILL, "b2", T2, true), "course-2", "section-2");
    OperatorSubtaskState zero;
    OperatorSubtaskState one;
    try (var subtask0 = harness(2, 0, null); var subtask1 = harness(2, 1, null)) {
      send(subtask0, firstA);
      send(subtask0, firstB);
      send(subtask1, secondA);
      send(subtask1, secondB);
      subtask0.processWatermark(T4.toEpochMilli());
      subtask1.processWatermark(T4.toEpochMilli());
      zero = subtask0.snapshot(1, T4.toEpochMilli());
      one = subtask1.snapshot(1, T4.toEpochMilli());
    }
    OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repartitionOperatorState(
        AbstractStreamOperatorTestHarness.repackageState(zero, one), MAX_PARALLELISM, 2, 1, 0);

    try (var single = harness(1, 0, merged)) {
      send(single, retraction(firstA));
      send(single, retraction(secondA));

      assertThat(single.extractOutputValues())
          .extracting(MasteryUpdate::getStatementId, MasteryUpdate::getCourse, MasteryUpdate::getSection)
          .contains(tuple("b1", "course-1", "section-1"),
              tuple("b2", "course-2", "section-2"));
    }
  }

  private static LearningEvent placed(LearningEvent response, String course, String section) {
    return LearningEvent.newBuilder(response).setCourse(course).setSection(section).build();
  }

  private static String learnerOnSubtask(int subtask) {
    for (int i = 0;; i++) {
      String learner = "learner-" + i;
      String key = SkillFanOut.key(response(learner, SKILL, "x", T0, true));
      if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, MAX_PARALLELISM, 2) == subtask) {
        return learner;
      }
    }
  }

}
