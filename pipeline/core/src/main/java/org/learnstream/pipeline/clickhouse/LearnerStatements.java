package org.learnstream.pipeline.clickhouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.learnstream.pipeline.xapi.ActorIdentifier;

/**
 * The statements an erasure deletes from a table of statements ({@code learning_events}, {@code late_events}) of one
 * database, found by key rather than by reading the statement text of the whole table: the learner's own by the sorting
 * key (tenant, learner), and those of other actors that name the learner's identifier as an agent through the agent
 * index {@code statement_agents} (migration V080), each confirmed on its own text. A mention the index cannot answer
 * (the address in free text, the pseudonym in a statement, an identifier erased by pseudonym only) is found by the
 * verification scan, and deleted in the erasure's second round ({@link LearnerErasure}). Where a database has no
 * agent index (tables a replay kept from before V080), the text of the table is read as before.
 *
 * @param own per statement id of the learner, its rows
 * @param namedByOthers per statement id of another actor that names the learner, its rows
 */
record LearnerStatements(Map<String, Long> own, Map<String, Long> namedByOthers) {

  static LearnerStatements of(SchoolDatabase.Sql sql, String database, String table, boolean agentIndex,
      LearnerErasure.Learner learner, String mentions) {
    String at = database + "." + table;
    String tenant = ClickHouseQueries.quote(learner.tenant());
    String byLearner = "tenant = " + tenant + " AND learner = " + ClickHouseQueries.quote(learner.pseudonym());
    Map<String, Long> own = rowsPerStatement(sql, "SELECT statement_id, count() AS n FROM " + at + " WHERE "
        + byLearner + " GROUP BY statement_id");
    Map<String, Long> others = Map.of();
    if (!agentIndex) {
      others = rowsPerStatement(sql, "SELECT statement_id, count() AS n FROM " + at + " WHERE tenant = " + tenant
          + " AND NOT (" + byLearner + ") AND " + mentions + " GROUP BY statement_id");
    } else if (learner.identifier().isPresent()) {
      List<String> candidates = naming(sql, database, learner.tenant(), List.of(learner.identifier().get()));
      if (!candidates.isEmpty()) {
        // PREWHERE: only the granules of the candidates' ids are read for their text
        others = rowsPerStatement(sql, "SELECT statement_id, count() AS n FROM " + at + " PREWHERE tenant = "
            + tenant + " AND statement_id IN " + ClickHouseQueries.inList(candidates) + " WHERE NOT (" + byLearner
            + ") AND " + mentions + " GROUP BY statement_id");
      }
    }
    return new LearnerStatements(own, others);
  }

  /**
   * The ids of the statements of {@code tenant} whose text names one of {@code identifiers}, as the agent index
   * {@code statement_agents} of {@code database} has them: a superset of those naming one as an agent, to be confirmed
   * on each statement's text.
   */
  static List<String> naming(SchoolDatabase.Sql sql, String database, String tenant,
      List<ActorIdentifier> identifiers) {
    return ClickHouseCatalog.strings(sql, "SELECT DISTINCT statement_id FROM " + database
        + ".statement_agents WHERE tenant = " + ClickHouseQueries.quote(tenant) + " AND agent IN ("
        + identifiers.stream().map(i -> ClickHouseQueries.quote(agentKey(i))).collect(Collectors.joining(", "))
        + ")");
  }

  /** Whether {@code database} has the agent index (its tables {@code tables}). */
  static boolean hasAgentIndex(List<String> tables) {
    return tables.contains("statement_agents");
  }

  /**
   * The identifier as the view of {@code statement_agents} spells it: kind, colon, the value as the JSON holds it, mbox
   * and mbox_sha1sum in lower case. An account is indexed by its name only; its home page is checked on the text.
   */
  static String agentKey(ActorIdentifier identifier) {
    return switch (identifier.kind()) {
      case "mbox" -> "mbox:mailto:" + identifier.mentions().get(0).toLowerCase(Locale.ROOT);
      case "mbox_sha1sum" -> "mbox_sha1sum:" + identifier.mentions().get(0);
      case "openid" -> "openid:" + identifier.mentions().get(0);
      case "account" -> "account:" + identifier.mentions().get(1);
      default -> throw new IllegalArgumentException("no agent key for identifiers of kind " + identifier.kind());
    };
  }

  long rows() {
    return own.values().stream().mapToLong(Long::longValue).sum()
        + namedByOthers.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<String, Long> rowsPerStatement(SchoolDatabase.Sql sql, String query) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (Map<String, Object> row : sql.rows(query)) {
      rows.merge((String) row.get("statement_id"), ClickHouseCatalog.number(row.get("n")), Long::sum);
    }
    return rows;
  }
}
