package org.learnstream.jobs.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.pipeline.JobPseudonyms;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.LearnerTruth;

/**
 * A run's learners by their identifiers instead of the pseudonyms its job gave them. A job with learner records gives
 * every learner a random pseudonym from its own records database, so two runs name the same learner differently; their
 * rows compare once each run's pseudonyms are put back to identifiers. A learner's record appears with their first
 * statement, so the pseudonyms are asked of the run's job settings ({@link JobPseudonyms}) until every learner has
 * one; an erased learner's is not found again and stays as it is.
 */
final class LearnerNames {

  // a pseudonym as a whole word: not part of a longer hash, and never a statement id (those have hyphens)
  private static final Pattern PSEUDONYM = Pattern.compile("\\b[0-9a-f]{32}\\b");

  private final Configuration jobSettings;
  private final String tenant;
  private final List<String> identifiers;
  private final Map<String, String> byIdentifier = new HashMap<>();
  private final Map<String, String> byPseudonym = new HashMap<>();

  /** The learners of {@code cohort} as the job of {@code jobSettings} names them. */
  LearnerNames(Configuration jobSettings, StreamedCohort cohort) {
    this.jobSettings = jobSettings;
    this.tenant = cohort.tenant();
    this.identifiers = new CohortSimulator(cohort.spec()).truth().learners().stream()
        .map(LearnerNames::identifierOf).toList();
  }

  /** The learner's canonical identifier: their statements' Kafka key without the tenant. */
  static String identifierOf(LearnerTruth learner) {
    return learner.actorKey().substring(learner.actorKey().indexOf('|') + 1);
  }

  /** The pseudonym the run's job gave {@code learner}, once it has named them. */
  synchronized Optional<String> pseudonymOf(LearnerTruth learner) {
    refresh();
    return Optional.ofNullable(byIdentifier.get(identifierOf(learner)));
  }

  /** {@code lines} with every pseudonym the job gave a learner replaced by the learner's identifier, sorted. */
  synchronized List<String> renamed(List<String> lines) {
    refresh();
    List<String> renamed = new ArrayList<>(lines.size());
    for (String line : lines) {
      Matcher m = PSEUDONYM.matcher(line);
      renamed.add(m.replaceAll(found -> Matcher.quoteReplacement(byPseudonym.getOrDefault(found.group(),
          found.group()))));
    }
    renamed.sort(null);
    return renamed;
  }

  /** Each table's lines {@link #renamed}. */
  Map<String, List<String>> renamed(Map<String, List<String>> tables) {
    Map<String, List<String>> renamed = new LinkedHashMap<>();
    tables.forEach((table, lines) -> renamed.put(table, renamed(lines)));
    return renamed;
  }

  private void refresh() {
    if (byIdentifier.size() == identifiers.size()) {
      return;
    }
    List<String> missing = identifiers.stream().filter(id -> !byIdentifier.containsKey(id)).toList();
    JobPseudonyms.of(jobSettings, Pseudonyms.fromEnvironment(), tenant, missing).forEach((identifier, pseudonym) -> {
      byIdentifier.put(identifier, pseudonym);
      byPseudonym.put(pseudonym, identifier);
    });
  }
}
