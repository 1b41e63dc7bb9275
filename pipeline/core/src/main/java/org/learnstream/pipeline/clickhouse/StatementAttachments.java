package org.learnstream.pipeline.clickhouse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The attachment content that statements name, by the {@code sha2} of each entry of their {@code attachments}, read
 * from the statement text in {@code learning_events} and {@code late_events} (a statement too late for the first is
 * kept whole in the second). The endpoint keeps attachment content once per tenant and
 * SHA-2, outside ClickHouse, so content that an erased learner's statements alone name goes with them, and content
 * that another statement names too stays for it. A signed statement's signature attachment holds the whole statement
 * (the actor's address and name among it), so it is as much the learner's as the statement is.
 */
final class StatementAttachments {

  // the sha2 member of an attachment object; the endpoint stores content under the lower-case hex digits
  private static final String SHA2 = ClickHouseQueries.quote("\"sha2\"\\s*:\\s*\"([0-9A-Fa-f]+)\"");
  private static final String TEXT = "ifNull(statement_json, '')";
  private static final List<String> TABLES = List.of("learning_events", "late_events");

  private StatementAttachments() {
  }

  /**
   * The lower-case SHA-2 of the attachment content that the statements of {@code tenant} in {@code database} that go
   * name and no statement that stays names: those that go are the statements of {@code learners} (pseudonyms; found
   * by the table's key) and {@code othersStatements} (ids of other actors' statements that name them). One query on
   * the statements that go; a second, over the text of the tenant's statements that name any attachment, only when
   * those name some.
   */
  static Set<String> onlyNamedBy(SchoolDatabase.Sql sql, String database, String tenant, Collection<String> learners,
      Collection<String> othersStatements) {
    if (learners.isEmpty() && othersStatements.isEmpty()) {
      return Set.of();
    }
    String inTenant = "tenant = " + ClickHouseQueries.quote(tenant);
    List<String> goes = new ArrayList<>();
    if (!learners.isEmpty()) {
      goes.add("learner IN " + ClickHouseQueries.inList(learners));
    }
    LearnerErasure.chunks(othersStatements).forEach(chunk -> goes.add("statement_id IN " + chunk));
    Set<String> named = new TreeSet<>();
    for (String condition : goes) {
      named.addAll(hashes(sql, database, inTenant + " AND " + condition));
    }
    if (named.isEmpty()) {
      return Set.of();
    }
    String stays = inTenant + " AND position(" + TEXT + ", '\"sha2\"') > 0"
        + goes.stream().map(c -> " AND NOT (" + c + ")").collect(Collectors.joining());
    // only the candidates come back, however much content the school's other statements name
    named.removeAll(hashes(sql, database, stays, " WHERE sha2 IN " + ClickHouseQueries.inList(named)));
    return named;
  }

  private static Set<String> hashes(SchoolDatabase.Sql sql, String database, String where) {
    return hashes(sql, database, where, "");
  }

  /** The hashes the statements {@code where} selects name, in each table that holds statement text. */
  private static Set<String> hashes(SchoolDatabase.Sql sql, String database, String where, String among) {
    Set<String> found = new TreeSet<>();
    for (String table : TABLES) {
      found.addAll(ClickHouseCatalog.strings(sql, "SELECT DISTINCT sha2 FROM (SELECT lower(arrayJoin(extractAll("
          + TEXT + ", " + SHA2 + "))) AS sha2 FROM " + database + "." + table + " WHERE " + where + ")" + among));
    }
    return found;
  }
}
