package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnstream.pipeline.catalog.SkillSuggestions;
import org.learnstream.pipeline.clickhouse.UnmappedActivities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code learnstream skills unmapped}: the activities nothing maps, ranked by responses, with suggested skills. */
@Command(name = "unmapped", mixinStandardHelpOptions = true,
    description = {"List the activities of a school that neither the statements, the catalog nor a mapping rule map "
        + "to skills (each traced as its own skill), ranked by responses, with the skills the data suggests for each: "
        + "skills whose activities the same learners answered in the same course and section, ranked by how often "
        + "one was answered right before or after the activity, then by learners shared, then by closeness of "
        + "accuracy (difficulty).",
        "Accept a suggestion with 'skills accept' (writes a mapping rule) or reject it with 'skills reject'; a "
            + "decided suggestion is not listed again."})
final class SkillsUnmappedCommand extends SkillsOfSchoolCommand {

  @Option(names = "--days", defaultValue = "90", paramLabel = "N",
      description = "Responses of the last N days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
      description = "At most N activities, most responses first (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--suggestions", defaultValue = "3", paramLabel = "N",
      description = "At most N suggested skills per activity (default: ${DEFAULT-VALUE}).")
  int suggestions;

  @Override
  public Integer call() {
    if (days < 1 || limit < 1 || suggestions < 0) {
      throw new IllegalArgumentException("--days and --limit must be at least 1, --suggestions at least 0");
    }
    List<SkillSuggestions.Unmapped> report = SkillsClickHouse.with(config, "skills unmapped",
        (client, database) -> new UnmappedActivities(client, database)
            .report(tenant, Instant.now().minus(Duration.ofDays(days)), suggestions));
    PrintWriter out = spec.commandLine().getOut();
    if (report.isEmpty()) {
      out.println("no unmapped activities for " + tenant + " in the last " + days + " days");
    } else {
      out.print(TextTable.of(rows(report.subList(0, Math.min(limit, report.size())))));
      out.println(report.size() + " unmapped activities; accept a suggestion with: learnstream skills accept "
          + "--tenant " + tenant + " --activity ACTIVITY --skill SKILL");
    }
    out.flush();
    return 0;
  }

  private static List<Map<String, Object>> rows(List<SkillSuggestions.Unmapped> report) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SkillSuggestions.Unmapped activity : report) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("activity", activity.activity());
      row.put("responses", activity.responses());
      row.put("learners", activity.learners());
      row.put("accuracy", percent(activity.accuracy()));
      row.put("suggested skills (adjacent answers, shared learners, accuracy)", String.join("; ",
          activity.suggestions().stream().map(s -> s.skill() + " (" + s.adjacentAnswers() + ", "
              + s.sharedLearners() + ", " + percent(s.accuracy()) + ")").toList()));
      rows.add(row);
    }
    return rows;
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }
}
