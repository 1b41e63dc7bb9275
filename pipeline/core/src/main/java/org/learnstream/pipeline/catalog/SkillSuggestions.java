package org.learnstream.pipeline.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The unmapped-activities report: activities traced as their own skill because nothing mapped them, ranked by
 * responses, each with the skills the data suggests for it. A skill is suggested for an unmapped activity when
 * activities mapped to it were answered in the same context (course and section) by the same learners; suggestions
 * rank by how often one of them was answered right before or after the activity in a learner's sequence, then by the
 * learners both share, then by how close their accuracy (difficulty) is.
 */
public final class SkillSuggestions {

  /** One answer: who, where (course and section, '' when none), what, when, whether correct, which skills. */
  public record Response(String learner, String course, String section, String activity, long timeMs,
      Boolean success, List<String> skills) {

    /** Traced under the activity itself: neither the statement, the catalog nor a rule named a skill. */
    boolean unmapped() {
      return skills.size() == 1 && skills.get(0).equals(activity);
    }

    String context() {
      return course + "\u0000" + section;
    }
  }

  /** A skill suggested for an unmapped activity, with the evidence behind it. */
  public record Suggestion(String skill, int adjacentAnswers, int sharedLearners, double accuracy) {
  }

  /** An activity nothing maps, with its responses, learners, share correct and the suggested skills. */
  public record Unmapped(String activity, int responses, int learners, double accuracy, List<Suggestion> suggestions) {
  }

  /** Decided pairs (activity, skill) that are not suggested again. */
  public interface Decisions {
    boolean decided(String activity, String skill);
  }

  private SkillSuggestions() {
  }

  /** The report over {@code responses}, at most {@code perActivity} suggestions for each unmapped activity. */
  public static List<Unmapped> report(List<Response> responses, Decisions decisions, int perActivity) {
    Map<String, Tally> unmapped = new LinkedHashMap<>();
    Map<String, Map<String, Tally>> skillsByContext = new HashMap<>();
    Map<String, List<Response>> sequences = new HashMap<>();
    for (Response response : responses) {
      if (response.unmapped()) {
        unmapped.computeIfAbsent(response.activity(), a -> new Tally()).add(response);
      } else {
        for (String skill : response.skills()) {
          skillsByContext.computeIfAbsent(response.context(), c -> new HashMap<>())
              .computeIfAbsent(skill, s -> new Tally()).add(response);
        }
      }
      sequences.computeIfAbsent(response.learner() + "\u0000" + response.context(), k -> new ArrayList<>())
          .add(response);
    }
    Map<String, Map<String, Integer>> adjacent = adjacency(sequences.values());
    List<Unmapped> report = new ArrayList<>();
    for (Map.Entry<String, Tally> entry : unmapped.entrySet()) {
      String activity = entry.getKey();
      Tally tally = entry.getValue();
      Map<String, Tally> candidates = new HashMap<>();
      for (String context : tally.contexts) {
        skillsByContext.getOrDefault(context, Map.of())
            .forEach((skill, t) -> candidates.computeIfAbsent(skill, s -> new Tally()).merge(t));
      }
      List<Suggestion> suggestions = new ArrayList<>();
      candidates.forEach((skill, t) -> {
        Set<String> shared = new HashSet<>(t.learners);
        shared.retainAll(tally.learners);
        if (!shared.isEmpty() && !decisions.decided(activity, skill)) {
          suggestions.add(new Suggestion(skill, adjacent.getOrDefault(activity, Map.of()).getOrDefault(skill, 0),
              shared.size(), t.accuracy()));
        }
      });
      double accuracy = tally.accuracy();
      suggestions.sort(Comparator.comparingInt(Suggestion::adjacentAnswers).reversed()
          .thenComparing(Comparator.comparingInt(Suggestion::sharedLearners).reversed())
          .thenComparingDouble(s -> Math.abs(s.accuracy() - accuracy))
          .thenComparing(Suggestion::skill));
      report.add(new Unmapped(activity, tally.responses, tally.learners.size(), accuracy,
          List.copyOf(suggestions.subList(0, Math.min(perActivity, suggestions.size())))));
    }
    report.sort(Comparator.comparingInt(Unmapped::responses).reversed().thenComparing(Unmapped::activity));
    return report;
  }

  /** Per unmapped activity: how often each skill was answered right before or after it by the same learner. */
  private static Map<String, Map<String, Integer>> adjacency(Iterable<List<Response>> sequences) {
    Map<String, Map<String, Integer>> adjacent = new HashMap<>();
    for (List<Response> sequence : sequences) {
      sequence.sort(Comparator.comparingLong(Response::timeMs).thenComparing(Response::activity));
      for (int i = 0; i < sequence.size(); i++) {
        Response response = sequence.get(i);
        if (!response.unmapped()) {
          continue;
        }
        for (int j : new int[] {i - 1, i + 1}) {
          if (j >= 0 && j < sequence.size() && !sequence.get(j).unmapped()) {
            Map<String, Integer> counts = adjacent.computeIfAbsent(response.activity(), a -> new HashMap<>());
            sequence.get(j).skills().forEach(skill -> counts.merge(skill, 1, Integer::sum));
          }
        }
      }
    }
    return adjacent;
  }

  /** Responses, learners, contexts and correct answers of an activity or a skill. */
  private static final class Tally {
    int responses;
    int graded;
    int correct;
    final Set<String> learners = new HashSet<>();
    final Set<String> contexts = new HashSet<>();

    void add(Response response) {
      responses++;
      learners.add(response.learner());
      contexts.add(response.context());
      if (response.success() != null) {
        graded++;
        correct += response.success() ? 1 : 0;
      }
    }

    void merge(Tally other) {
      responses += other.responses;
      graded += other.graded;
      correct += other.correct;
      learners.addAll(other.learners);
      contexts.addAll(other.contexts);
    }

    double accuracy() {
      return graded == 0 ? Double.NaN : (double) correct / graded;
    }
  }
}
