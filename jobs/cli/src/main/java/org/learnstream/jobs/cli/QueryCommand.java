package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.learnstream.jobs.config.Suggestion;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.clickhouse.CookbookQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code learnstream query NAME -p tenant=...}: one query of the data teams' cookbook against clickhouse.url. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Run a query of the cookbook (pipeline/core/src/main/resources/clickhouse/cookbook) by name against "
        + "the ClickHouse server of clickhouse.url / LEARNSTREAM_CLICKHOUSE_URL and print its rows as a table or CSV.",
        "Without a name, lists the queries with what each answers and the parameters it takes."})
final class QueryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigMixin config;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
      description = "The query: its file name, with or without .sql (e.g. time_to_mastery).")
  String name;

  @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
      description = "A parameter of the query (repeatable), e.g. tenant=demo or from=2026-03-01.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(names = "--csv", description = "Print CSV with a header line instead of a table.")
  boolean csv;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<CookbookQuery> cookbook = CookbookQuery.bundled();
    if (name == null) {
      cookbook.forEach(query -> out.print(describe(query)));
      out.flush();
      return 0;
    }
    CookbookQuery query = find(cookbook, name);
    requireDeclared(query);
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(config.load(), "query");
    // the parameters are checked before the server, so that a typo is named even when the server is down
    String sql = query.sql(endpoint.database(), parameters);
    Reachability.requireHttp(URI.create(endpoint.url()), "ClickHouse",
        "correct clickhouse.url (LEARNSTREAM_CLICKHOUSE_URL) or start the server");
    try (var client = ClickHouseClients.create(endpoint)) {
      out.print(csv
          ? ClickHouseQueries.text(client, sql + "\nFORMAT CSVWithNames")
          : TextTable.of(ClickHouseQueries.rows(client, sql + "\nFORMAT JSONEachRow")));
    }
    out.flush();
    return 0;
  }

  private static CookbookQuery find(List<CookbookQuery> cookbook, String name) {
    String file = name.endsWith(".sql") ? name : name + ".sql";
    List<String> names = cookbook.stream().map(QueryCommand::stem).toList();
    return cookbook.stream().filter(q -> q.file().equals(file)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no cookbook query '" + name + "'" + Suggestion.hint(stem(file), names)
            + " ('learnstream query' lists them: " + String.join(", ", names) + ")"));
  }

  /** A parameter the query does not declare is a typo, not something to ignore while a default stays in force. */
  private void requireDeclared(CookbookQuery query) {
    List<String> declared = query.parameters().stream().map(CookbookQuery.Parameter::name).toList();
    for (String given : parameters.keySet()) {
      if (!declared.contains(given)) {
        throw new IllegalArgumentException("query " + stem(query) + " has no parameter '" + given + "'"
            + Suggestion.hint(given, declared) + " (it takes " + String.join(", ", declared) + ")");
      }
    }
  }

  private static String describe(CookbookQuery query) {
    StringBuilder text = new StringBuilder(stem(query)).append(": ").append(query.title()).append('\n')
        .append("    ").append(query.answers()).append('\n');
    for (CookbookQuery.Parameter p : query.parameters()) {
      text.append("    -p ").append(p.name()).append("=... (").append(p.type()).append(") ")
          .append(p.description()).append('\n');
    }
    return text.toString();
  }

  private static String stem(CookbookQuery query) {
    return stem(query.file());
  }

  private static String stem(String file) {
    return file.replaceFirst("\\.sql$", "");
  }
}
