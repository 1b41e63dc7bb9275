package org.learnstream.jobs.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * One example per verb, shown at the end of its {@code --help}. Kept in one place so that every verb, including
 * picocli's own {@code help}, gets one, and a new verb without an example fails HelpTextTest.
 */
final class VerbExamples {

  private static final List<String> LIST_SUBSCRIPTIONS = List.of("List the subscriptions of one school:",
      "  learnstream subscriptions --kafka kafka-1:9092 list --tenant school-1");

  private static final List<String> ADD_TENANT = List.of("Register a school, its user written to the server's users.d:",
      "  learnstream tenants --users-dir /etc/clickhouse-server/users.d add --id school-north --name 'North School'");
  private static final List<String> DISTRICT = List.of("A district user reading its schools' databases (its entry "
      + "printed for users.d):", "  learnstream tenants district add --id north --school school-north");
  private static final List<String> CLUSTER_UP = List.of("Flink, Kafka and ClickHouse as separate processes, with "
      + "the pipeline submitted:", "  learnstream cluster up");
  private static final List<String> BENCH_INGEST = List.of("Endpoint throughput for 30 seconds:",
      "  learnstream bench ingest --duration PT30S");

  private static final List<String> IMPORT_FRAMEWORK = List.of("Import a framework from a CASE server:",
      "  learnstream skills import --config learnstream.yaml \\",
      "      https://case.example/ims/case/v1p0/CFPackages/FRAMEWORK-ID");

  /** Per verb (qualified name without "learnstream "): what it does, then the command, for each example. */
  private static final Map<String, List<String>> EXAMPLES = Map.ofEntries(
      Map.entry("", List.of("Run the demo, then open the dashboards it prints:", "  learnstream demo")),
      Map.entry("demo", List.of("A smaller cohort that keeps running for a look at the dashboards:",
          "  learnstream demo --learners 50 --days 5 --keep-running")),
      Map.entry("serve", List.of("The xAPI endpoint on port 8080 with the settings of a file:",
          "  learnstream serve --config learnstream.yaml --port 8080")),
      Map.entry("send", List.of("Load a file of statements into a running endpoint (user demo, password demo):",
          "  learnstream send statements.ndjson --to http://127.0.0.1:8080/xapi/")),
      Map.entry("erase", List.of("Erase a learner of one school by e-mail address:",
          "  learnstream erase --config learnstream.yaml --tenant school-north --mbox mailto:ana@example.org")),
      Map.entry("run", List.of("The live pipeline against the services of a settings file:",
          "  learnstream run --config learnstream.yaml")),
      Map.entry("fit", List.of("Fit BKT parameters from a response file and publish them:",
          "  learnstream fit --responses responses.csv --out params.json \\",
          "      --kafka kafka-1:9092")),
      Map.entry("evaluate", List.of("Score fitted parameters on held-out responses:",
          "  learnstream evaluate --params params.json --responses held-out.csv")),
      Map.entry("evaluate-alerts", List.of("Score the early-warning rules on a larger cohort:",
          "  learnstream evaluate-alerts --learners 800 --days 28")),
      Map.entry("subscriptions", LIST_SUBSCRIPTIONS),
      Map.entry("subscriptions add", List.of("Send a school's critical alerts to a webhook:",
          "  learnstream subscriptions --kafka kafka-1:9092 add \\",
          "      --specialist ana@school.example --tenant school-1 \\",
          "      --min-severity critical --webhook https://hooks.example/alerts \\",
          "      --secret-file webhook-secret.txt")),
      Map.entry("subscriptions list", LIST_SUBSCRIPTIONS),
      Map.entry("subscriptions remove", List.of("Remove one subscription by its id:",
          "  learnstream subscriptions --kafka kafka-1:9092 remove --id 3f2a9c")),
      Map.entry("retention", List.of("List what the retention windows of a settings file would remove:",
          "  learnstream retention --config learnstream.yaml --dry-run")),
      Map.entry("export", List.of("Everything held on one learner, for an access request:",
          "  learnstream export --config learnstream.yaml --tenant school-north \\",
          "      --mbox mailto:ana@school.example --out ana.json")),
      Map.entry("tenants", ADD_TENANT),
      Map.entry("tenants add", ADD_TENANT),
      Map.entry("tenants list", List.of("The registered schools and their databases:",
          "  learnstream tenants --config learnstream.yaml list")),
      Map.entry("tenants remove", List.of("Remove a school's database and ClickHouse user:",
          "  learnstream tenants --users-dir /etc/clickhouse-server/users.d remove --id school-north")),
      Map.entry("tenants district", DISTRICT),
      Map.entry("tenants district add", DISTRICT),
      Map.entry("tenants district remove", List.of("Remove a district's ClickHouse user:",
          "  learnstream tenants district remove --id north")),
      Map.entry("tenants admin-credential", List.of("A new administrator secret for serve's admin routes:",
          "  learnstream tenants admin-credential")),
      Map.entry("notify", List.of("Deliver alerts with the services of a settings file:",
          "  learnstream notify --config learnstream.yaml --group notifier-1")),
      Map.entry("replay", List.of("Rebuild the projections of a stopped deployment:",
          "  learnstream replay --config learnstream.yaml")),
      Map.entry("migrate", List.of("Bring the schema of the ClickHouse server in a settings file up to date:",
          "  learnstream migrate --config learnstream.yaml")),
      Map.entry("bench", BENCH_INGEST),
      Map.entry("bench ingest", BENCH_INGEST),
      Map.entry("bench queries", List.of("Every dashboard and cookbook query on one million events:",
          "  learnstream bench queries --events 1000000")),
      Map.entry("bench statements", List.of("Every statement read of GET /xapi/statements on two million statements:",
          "  learnstream bench statements --statements 2000000")),
      Map.entry("bench erase", List.of("Erase one learner from ten million events, the load kept for a second run:",
          "  learnstream bench erase --events 10000000 --data-dir /var/tmp/erase-bench")),
      Map.entry("bench read-after-write", List.of("Read-after-write delay of a running serve under the demo's load:",
          "  learnstream bench read-after-write --to http://127.0.0.1:8080/xapi/ --rate 200")),
      Map.entry("bench pipeline", List.of("Pipeline throughput on 100,000 statements, results in a file:",
          "  learnstream bench pipeline --statements 100000 --output bench.json")),
      Map.entry("chaos", List.of("The short fault-injection run that CI uses:", "  learnstream chaos --quick")),
      Map.entry("cluster", CLUSTER_UP),
      Map.entry("cluster up", CLUSTER_UP),
      Map.entry("cluster status", List.of("Which processes of the cluster run, and the pipeline job's state:",
          "  learnstream cluster status")),
      Map.entry("cluster down", List.of("Stop every process of the cluster:", "  learnstream cluster down")),
      Map.entry("settings", List.of("The settings of Kafka, with their environment variables:",
          "  learnstream settings | grep -i -A3 kafka")),
      Map.entry("skills", IMPORT_FRAMEWORK),
      Map.entry("skills import", IMPORT_FRAMEWORK),
      Map.entry("skills unmapped", List.of("The ten unmapped activities of a school with most responses:",
          "  learnstream skills unmapped --config learnstream.yaml --tenant school-1 --limit 10")),
      Map.entry("skills accept", List.of("Map an activity to the skill the report suggested:",
          "  learnstream skills accept --config learnstream.yaml --tenant school-1 \\",
          "      --activity https://lms.example/q/17 --skill fractions.adding")),
      Map.entry("skills reject", List.of("Never suggest this skill for the activity again:",
          "  learnstream skills reject --config learnstream.yaml --tenant school-1 \\",
          "      --activity https://lms.example/q/17 --skill fractions.adding")),
      Map.entry("help", List.of("The help of one verb:", "  learnstream help send")),
      Map.entry("query", List.of("How long the learners of a course take to master each skill, as CSV:",
          "  learnstream query time_to_mastery -p tenant=school-1 -p course=math-7 --csv")));

  private VerbExamples() {
  }

  /** The examples of a verb, empty when it has none. */
  static List<String> of(String verb) {
    return EXAMPLES.getOrDefault(verb, List.of());
  }

  /** Puts each verb's examples at the end of its help, before any footer it already has. */
  static void addTo(CommandLine command) {
    String qualified = command.getCommandSpec().qualifiedName(" ");
    String verb = qualified.contains(" ") ? qualified.substring(qualified.indexOf(' ') + 1) : "";
    List<String> examples = of(verb);
    if (!examples.isEmpty()) {
      UsageMessageSpec usage = command.getCommandSpec().usageMessage();
      List<String> footer = new ArrayList<>(examples);
      footer.addAll(Arrays.asList(usage.footer()));
      usage.footerHeading("%nExample:%n").footer(footer.toArray(String[]::new));
    }
    command.getSubcommands().values().stream().distinct().forEach(VerbExamples::addTo);
  }
}
