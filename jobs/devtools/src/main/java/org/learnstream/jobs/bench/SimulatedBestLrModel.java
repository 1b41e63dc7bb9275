package org.learnstream.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.mastery.bestlr.BestLrFitter;
import org.learnstream.pipeline.simulate.SimulatedStatement;

/**
 * A Best-LR model of the simulated cohort's skills and items, fitted on its answers, for the benchmark to run the
 * job with a model that knows every item and skill it sees (as a fitted installation's model does).
 */
final class SimulatedBestLrModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SimulatedBestLrModel() {
  }

  /** Fits on the answers among {@code statements}; items are the statements' object ids, as the job reads them. */
  static BestLrFitter.FitResult fit(Iterator<SimulatedStatement> statements, String version) {
    return new BestLrFitter(BestLrFitter.Options.DEFAULTS).fit(responseLog(statements), version, line -> {
    });
  }

  /** The answers in the order the fitter needs: learner after learner, each learner's in their order. */
  static ResponseLog responseLog(Iterator<SimulatedStatement> statements) {
    Map<String, List<int[]>> byLearner = new LinkedHashMap<>();
    Names skills = new Names();
    Names items = new Names();
    while (statements.hasNext()) {
      SimulatedStatement s = statements.next();
      if (s.isAnswer()) {
        byLearner.computeIfAbsent(s.learnerEmail(), k -> new ArrayList<>())
            .add(new int[] {skills.id(s.skillId()), items.id(objectId(s.json())), s.correct() ? 1 : 0});
      }
    }
    int n = byLearner.values().stream().mapToInt(List::size).sum();
    int[] users = new int[n];
    int[] skillIds = new int[n];
    int[] itemIds = new int[n];
    byte[] correct = new byte[n];
    int i = 0;
    int user = 0;
    for (List<int[]> answers : byLearner.values()) {
      for (int[] a : answers) {
        users[i] = user;
        skillIds[i] = a[0];
        itemIds[i] = a[1];
        correct[i] = (byte) a[2];
        i++;
      }
      user++;
    }
    return new ResponseLog(users, skillIds, itemIds, correct, List.copyOf(byLearner.keySet()), skills.list,
        items.list);
  }

  private static String objectId(byte[] json) {
    try {
      return JSON.readTree(json).path("object").path("id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("a simulated statement is not JSON", e);
    }
  }

  /** Dense ids in order of first appearance. */
  private static final class Names {
    final List<String> list = new ArrayList<>();
    final Map<String, Integer> ids = new LinkedHashMap<>();

    int id(String name) {
      return ids.computeIfAbsent(name, k -> {
        list.add(k);
        return list.size() - 1;
      });
    }
  }
}
