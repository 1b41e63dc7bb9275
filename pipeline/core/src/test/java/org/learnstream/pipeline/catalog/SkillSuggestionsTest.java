package org.learnstream.pipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.catalog.SkillSuggestions.Response;
import org.learnstream.pipeline.catalog.SkillSuggestions.Unmapped;

class SkillSuggestionsTest {

  private static final String QUIZ = "https://lms.example/quiz/7";
  private final List<Response> responses = new ArrayList<>();

  @Test
  void unmappedActivitiesRankByResponsesAndTheSkillAnsweredNextToThemComesFirst() {
    // two learners answer q1 (adding), then the unmapped q2, then q3 (comparing) only one of them, later
    answer("ada", "q1", 1, true, "adding");
    answer("ada", "q2", 2, true, null);
    answer("ada", "q3", 9, false, "comparing");
    answer("bo", "q1", 1, false, "adding");
    answer("bo", "q2", 2, false, null);
    answer("bo", "q4", 3, true, null);
    answer("bo", "q3", 4, true, "comparing");

    List<Unmapped> report = SkillSuggestions.report(responses, (activity, skill) -> false, 3);

    assertThat(report).extracting(Unmapped::activity, Unmapped::responses).containsExactly(
        org.assertj.core.groups.Tuple.tuple("q2", 2), org.assertj.core.groups.Tuple.tuple("q4", 1));
    Unmapped q2 = report.get(0);
    assertThat(q2.learners()).isEqualTo(2);
    assertThat(q2.accuracy()).isEqualTo(0.5);
    // adding was answered right before q2 twice; comparing right after it once (ada), by both learners
    assertThat(q2.suggestions()).extracting(s -> s.skill() + " " + s.adjacentAnswers() + " " + s.sharedLearners())
        .containsExactly("adding 2 2", "comparing 1 2");
    // q4: next to q2 (unmapped, no skill) and q3 (comparing)
    assertThat(report.get(1).suggestions()).extracting(SkillSuggestions.Suggestion::skill)
        .containsExactly("comparing", "adding");
  }

  @Test
  void aDecidedSuggestionAndSkillsOfOtherContextsAreNotSuggested() {
    answer("ada", "q1", 1, true, "adding");
    answer("ada", "q2", 2, true, null);
    responses.add(new Response("ada", "course", "other-quiz", "q9", 3, true, List.of("geometry")));

    List<Unmapped> report = SkillSuggestions.report(responses,
        (activity, skill) -> activity.equals("q2") && skill.equals("adding"), 3);

    assertThat(report).hasSize(1);
    assertThat(report.get(0).suggestions()).isEmpty();
  }

  private void answer(String learner, String activity, long time, boolean correct, String skill) {
    responses.add(new Response(learner, "course", QUIZ, activity, time, correct,
        List.of(skill == null ? activity : skill)));
  }
}
