package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.learnstream.pipeline.kafka.ErasureRequest;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * Deletes one learner's rows from every ClickHouse table that holds per-learner rows ({@link ErasureScope}), in the
 * shared database, the school's database {@code tenant_<id>} and the tables a replay kept aside
 * ({@code <database>_before_replay_<time>}): ALTER TABLE ... DELETE mutations, waited for in
 * {@code system.mutations}. Aggregates over many learners are computed again without the learner. Then every table
 * is scanned for the pseudonym and the identifier, and a receipt is written.
 */
public final class LearnerErasure {

  /** A learner of a tenant, by pseudonym, with the identifier when the request named one. */
  public record Learner(String tenant, String pseudonym, Optional<ActorIdentifier> identifier) {

    /** What marks a stored text as the learner's: the pseudonym, or every part of the identifier. */
    List<List<String>> mentionGroups() {
      List<List<String>> groups = new ArrayList<>();
      groups.add(List.of(pseudonym));
      identifier.ifPresent(id -> groups.add(id.mentions()));
      return groups;
    }
  }

  /** Hears how the mutations progress while the erasure waits for them. */
  public interface Listener {
    void mutationsPending(long mutations, long partsToDo);

    /**
     * A step of {@link #execute} is done ({@code mutations}, {@code aggregates}, {@code verification}, and
     * {@code second round} when the scan found rows to delete): its time.
     */
    default void stepDone(String step, Duration took) {
    }

    Listener NONE = (mutations, partsToDo) -> {
    };
  }

  /** What the request names does not exist: nothing was changed. */
  public static final class UnknownLearner extends IllegalArgumentException {
    UnknownLearner(String message) {
      super(message);
    }

    /** The refusal of the plan's learner, whom no table of its databases holds. */
    static UnknownLearner of(Plan plan) {
      return new UnknownLearner("no rows of learner " + plan.learner().pseudonym() + " in tenant "
          + plan.learner().tenant() + " in any table of " + String.join(", ", plan.databases())
          + "; nothing was changed (check the tenant and the identifier, e.g. mailto: addresses are case-sensitive)");
    }
  }

  private static final int IDS_PER_MUTATION = 1000;

  private final SchoolDatabase.Sql sql;
  private final String shared;
  private final Pseudonymizer pseudonymizer;
  private final Duration timeout;

  public LearnerErasure(Client client, String sharedDatabase, Pseudonymizer pseudonymizer, Duration timeout) {
    this(SchoolDatabase.Sql.of(client), sharedDatabase, pseudonymizer, timeout);
  }

  /** On another engine, e.g. current ClickHouse in-process in tests. */
  public LearnerErasure(SchoolDatabase.Sql sql, String sharedDatabase, Pseudonymizer pseudonymizer,
      Duration timeout) {
    this.sql = sql;
    this.shared = sharedDatabase;
    this.pseudonymizer = pseudonymizer;
    this.timeout = timeout;
  }

  /** The shared database, the school's when it exists, and the replay's kept tables: every copy of the rows. */
  public List<String> databases(String tenant) {
    Set<String> databases = new LinkedHashSet<>();
    databases.add(shared);
    if (tenant.matches("[a-z0-9]+(-[a-z0-9]+)*") && tenant.length() <= 48) {
      databases.addAll(ClickHouseCatalog.databasesStartingWith(sql, SchoolDatabase.databaseOf(tenant)).stream()
          .filter(d -> d.equals(SchoolDatabase.databaseOf(tenant))).toList());
    }
    databases.addAll(ClickHouseCatalog.databasesStartingWith(sql, shared + "_before_replay_"));
    return List.copyOf(databases);
  }

  /**
   * The attachment content (lower-case SHA-2s) that the statements of {@code learners} (pseudonyms) and
   * {@code othersStatements} (ids) in {@code tenant} name and no other statement of the tenant does, read from the
   * shared database, which holds every statement.
   */
  public Set<String> attachmentsOnlyOf(String tenant, Collection<String> learners,
      Collection<String> othersStatements) {
    return StatementAttachments.onlyNamedBy(sql, shared, tenant, learners, othersStatements);
  }

  /**
   * Plans the deletes: per {@code database.table} the conditions of its mutations. Refuses a learner of whom no
   * table holds a row.
   */
  public Plan plan(Learner learner) {
    Plan plan = planDeletes(learner);
    if (!plan.holdsLearner()) {
      throw UnknownLearner.of(plan);
    }
    return plan;
  }

  /**
   * Plans the deletes as {@link #plan} does, also of a learner no table holds: a plan that deletes nothing, for a
   * person whom only stores outside ClickHouse know.
   */
  public Plan planDeletes(Learner learner) {
    List<String> databases = databases(learner.tenant());
    String tenant = ClickHouseQueries.quote(learner.tenant());
    String pseudonym = ClickHouseQueries.quote(learner.pseudonym());
    Map<String, List<String>> conditions = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, String> recomputeKeys = new LinkedHashMap<>();
    Set<String> othersStatements = new LinkedHashSet<>();
    Set<String> deletedStatements = new LinkedHashSet<>();
    for (String database : databases) {
      List<String> tables = ClickHouseCatalog.tables(sql, database);
      Set<String> statements = new LinkedHashSet<>();
      Map<String, List<String>> byStatements = new LinkedHashMap<>();
      Map<String, Long> counted = new LinkedHashMap<>();
      for (String table : List.of("learning_events", "late_events")) {
        if (tables.contains(table)) {
          LearnerStatements found = LearnerStatements.of(sql, database, table, LearnerStatements.hasAgentIndex(tables),
              learner, TextColumns.of(sql, database, table).mentions(learner.mentionGroups()));
          statements.addAll(found.own().keySet());
          statements.addAll(found.namedByOthers().keySet());
          othersStatements.addAll(found.namedByOthers().keySet());
          deletedStatements.addAll(statements);
          List<String> where = new ArrayList<>(List.of("tenant = " + tenant + " AND learner = " + pseudonym));
          chunks(found.namedByOthers().keySet())
              .forEach(c -> where.add("tenant = " + tenant + " AND statement_id IN " + c));
          byStatements.put(table, where);
          counted.put(table, found.rows());
        }
      }
      List<String> alerts = tables.contains("alerts")
          ? ClickHouseCatalog.strings(sql, "SELECT DISTINCT alert_id FROM "
              + database + ".alerts WHERE tenant = " + tenant + " AND learner = " + pseudonym)
          : List.of();
      List<String> keys = tables.contains("mastery_updates")
          ? sql.rows("SELECT DISTINCT ifNull(course, '') AS c, "
              + "ifNull(section, '') AS s, toString(toDate(event_time)) AS d FROM " + database
              + ".mastery_updates WHERE "
              + "tenant = " + tenant + " AND learner = " + pseudonym).stream().map(key -> "("
                  + Stream.of("c", "s", "d")
                      .map(c -> ClickHouseQueries.quote((String) key.get(c))).collect(Collectors.joining(", "))
                  + ")")
              .toList()
          : List.of();
      for (String table : tables) {
        String at = database + "." + table;
        List<String> where = new ArrayList<>();
        if (byStatements.containsKey(table)) {
          where.addAll(byStatements.get(table));
        } else if (ErasureScope.BY_LEARNER.contains(table)) {
          where.add("tenant = " + tenant + " AND learner = " + pseudonym);
        } else if (ErasureScope.BY_STATEMENT.containsKey(table)) {
          // the statements that mention the learner are among these ids: learning_events holds every statement
          chunks(statements).forEach(c -> where.add("tenant = " + tenant + " AND (" + ErasureScope.BY_STATEMENT
              .get(table).stream().map(column -> column + " IN " + c).collect(Collectors.joining(" OR ")) + ")"));
        } else if (ErasureScope.BY_ALERT.contains(table)) {
          chunks(alerts).forEach(c -> where.add("alert_id IN " + c));
        } else if (ErasureScope.BY_PAYLOAD.contains(table)) {
          chunks(deadLetters(database, learner)).forEach(c -> where.add("id IN " + c));
        } else if (ErasureScope.RECOMPUTED.contains(table) && !keys.isEmpty()) {
          String keyCondition = "tenant = " + tenant + " AND (course, section, toString(day)) IN ("
              + String.join(", ", keys) + ")";
          where.add(keyCondition);
          recomputeKeys.put(at, "tenant = " + tenant + " AND (ifNull(course, ''), ifNull(section, ''), "
              + "toString(toDate(event_time))) IN (" + String.join(", ", keys) + ")");
        }
        long count = counted.getOrDefault(table, 0L);
        for (String condition : counted.containsKey(table) ? List.<String>of() : where) {
          count += ClickHouseCatalog.count(sql, at, condition);
        }
        if (!where.isEmpty()) {
          conditions.put(at, where);
          rows.put(at, count);
        }
      }
    }
    return new Plan(learner, databases, conditions, rows, recomputeKeys, othersStatements, deletedStatements);
  }

  /**
   * What an erasure will delete: per {@code database.table} the conditions of its mutations and the rows they match,
   * for each aggregate the condition on {@code mastery_updates} of the keys it recomputes, and the ids of the
   * statements of other actors that name the learner ({@code othersStatements}), which the ledger is told of so that
   * the job and replay drop them from the event log too, and the ids of every statement deleted, the learner's own
   * and those ({@code statements}), which the endpoint refuses from then on ({@link ErasedStatements}).
   */
  public record Plan(Learner learner, List<String> databases, Map<String, List<String>> conditions,
      Map<String, Long> rows, Map<String, String> recomputeKeys, Set<String> othersStatements,
      Set<String> statements) {

    long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether some table holds a row of the learner: aggregates alone, computed from other rows, do not count. */
    public boolean holdsLearner() {
      return rowsOf(ErasureScope.RECOMPUTED) < totalRows();
    }

    long rowsOf(List<String> tables) {
      return rows.entrySet().stream().filter(e -> tables.contains(e.getKey().substring(e.getKey().indexOf('.') + 1)))
          .mapToLong(Map.Entry::getValue).sum();
    }
  }

  /** Runs the plan, recomputes the aggregates, scans every table and writes the receipt. */
  public ErasureReceipts.Receipt execute(Plan plan, Instant requestedAt, String requestedBy, Listener listener) {
    return execute(plan, requestedAt, requestedBy, listener, request -> {
    });
  }

  /**
   * As {@link #execute(Plan, Instant, String, Listener)}, with {@code beforeDelete} run on the erasure request (its
   * id is the receipt's) before the first row is deleted: the erasure ledger's append and the wait for the job. When
   * it fails, nothing was deleted.
   */
  public ErasureReceipts.Receipt execute(Plan plan, Instant requestedAt, String requestedBy, Listener listener,
      Consumer<ErasureRequest> beforeDelete) {
    ErasureRequest request = ErasureRequest.of(UUID.randomUUID().toString(), plan.learner().tenant(),
        plan.learner().pseudonym(), requestedAt);
    beforeDelete.accept(request);
    return delete(plan, request, requestedBy, listener, ErasureRecording.NONE, Map.of());
  }

  /**
   * As {@link #execute(Plan, Instant, String, Listener, Consumer)}, with {@code record} answering the request the
   * erasure goes on with: the new one, or an unfinished one of the learner already in the ledger, whose id and request
   * time the receipt then takes ({@link org.learnstream.pipeline.kafka.ErasureLedger#recordOrResume}). The deletes are
   * planned again once {@code record} is done: until the job has applied the erasure the learner's rows kept landing,
   * and the plan made before names neither their statement ids nor their alerts and days. After the deletes,
   * {@code record} is told the statements of other actors deleted with the learner
   * ({@link ErasureRecording#statementsErased}).
   */
  public ErasureReceipts.Receipt execute(Plan plan, Instant requestedAt, String requestedBy, Listener listener,
      ErasureRecording record) {
    return execute(plan, requestedAt, requestedBy, listener, record, Map.of());
  }

  /**
   * As {@link #execute(Plan, Instant, String, Listener, ErasureRecording)}, with {@code removedBefore} (rows of stores
   * outside ClickHouse that the caller deleted first, such as the learner records) first among the receipt's stores.
   */
  public ErasureReceipts.Receipt execute(Plan plan, Instant requestedAt, String requestedBy, Listener listener,
      ErasureRecording record, Map<String, Long> removedBefore) {
    ErasureRequest request = record.apply(ErasureRequest.of(UUID.randomUUID().toString(), plan.learner().tenant(),
        plan.learner().pseudonym(), requestedAt));
    return delete(planDeletes(plan.learner()), request, requestedBy, listener, record, removedBefore);
  }

  /**
   * Runs the plan, recomputes the aggregates, scans every table and writes the receipt of {@code request}. What the
   * scan finds in a table an erasure deletes from is deleted in a second round ({@link ErasureLeftovers}) and every
   * table scanned again: the receipt holds the last scan and the rows of both rounds.
   */
  private ErasureReceipts.Receipt delete(Plan plan, ErasureRequest request, String requestedBy, Listener listener,
      ErasureRecording record, Map<String, Long> removedBefore) {
    long start = System.nanoTime();
    // before the deletes, so that the endpoint refuses these ids from the moment they start to go
    ErasedStatements.record(sql, shared, request.tenant(), request.erasureId(), request.requestedAt().toEpochMilli(),
        plan.statements());
    mutate(plan, listener);
    start = stepDone(listener, "mutations", start);
    recomputeAggregates(plan);
    start = stepDone(listener, "aggregates", start);
    LearnerScan.Result scan = LearnerScan.scan(sql, plan.databases(), plan.learner().mentionGroups());
    start = stepDone(listener, "verification", start);
    Map<String, Long> removed = new LinkedHashMap<>(removedBefore);
    removed.putAll(plan.rows());
    Set<String> othersStatements = new LinkedHashSet<>(plan.othersStatements());
    if (scan.total() > 0) {
      Plan leftovers = ErasureLeftovers.plan(sql, plan, scan);
      ErasedStatements.record(sql, shared, request.tenant(), request.erasureId(), request.requestedAt().toEpochMilli(),
          leftovers.statements().stream().filter(id -> !plan.statements().contains(id)).toList());
      othersStatements.addAll(leftovers.othersStatements());
      if (!leftovers.conditions().isEmpty()) {
        mutate(leftovers, listener);
        leftovers.rows().forEach((table, rows) -> removed.merge(table, rows, Long::sum));
        scan = LearnerScan.scan(sql, plan.databases(), plan.learner().mentionGroups());
        stepDone(listener, "second round", start);
      }
    }
    if (!othersStatements.isEmpty()) {
      record.statementsErased(request.withStatements(othersStatements));
    }
    removed.putAll(record.deletedBesideTables(request));
    ErasureReceipts.Receipt receipt = new ErasureReceipts.Receipt(request.erasureId(),
        plan.learner().tenant(), request.learner(), request.requestedAt(), Instant.now(), requestedBy, removed, scan);
    ErasureReceipts.write(sql, shared, receipt);
    return receipt;
  }

  /** Issues the deletes of every table with rows to delete, then waits for them: they run side by side. */
  private void mutate(Plan plan, Listener listener) {
    List<String> mutated = new ArrayList<>();
    plan.conditions().forEach((table, conditions) -> {
      if (plan.rows().get(table) > 0) {
        conditions.forEach(c -> sql.execute("ALTER TABLE " + table + " DELETE WHERE " + c));
        mutated.add(table);
      }
    });
    awaitMutations(mutated, listener);
  }

  /** Whether the erasure {@code request} completed: its receipt is in the shared database. */
  public boolean completed(ErasureRequest request) {
    return ErasureReceipts.exists(sql, shared, request.erasureId());
  }

  private static long stepDone(Listener listener, String step, long startNanos) {
    long now = System.nanoTime();
    listener.stepDone(step, Duration.ofNanos(now - startNanos));
    return now;
  }

  /** The aggregates' rows of the learner's keys, deleted above, again from mastery_updates by the views' queries. */
  private void recomputeAggregates(Plan plan) {
    Map<String, List<String>> viewQueries = ViewQueries.byTarget(sql, shared);
    plan.recomputeKeys().forEach((at, keys) -> {
      String database = at.substring(0, at.indexOf('.'));
      String table = at.substring(at.indexOf('.') + 1);
      if (!ClickHouseCatalog.tables(sql, database).contains("mastery_updates")) {
        return; // a replay's kept tables without their history: the rows of the keys stay deleted
      }
      for (String query : viewQueries.getOrDefault(table, List.of())) {
        String own = ViewQueries.withCondition(query, keys).replace(shared + ".", database + ".");
        sql.execute("INSERT INTO " + at + " " + own);
      }
    });
  }

  private void awaitMutations(List<String> tables, Listener listener) {
    if (tables.isEmpty()) {
      return;
    }
    String which = tables.stream().map(t -> "(" + ClickHouseQueries.quote(t.substring(0, t.indexOf('.'))) + ", "
        + ClickHouseQueries.quote(t.substring(t.indexOf('.') + 1)) + ")").collect(Collectors.joining(", "));
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Map<String, Object> pending = ClickHouseCatalog.one(sql, "SELECT count() AS mutations, sum(parts_to_do) AS parts "
          + "FROM system.mutations WHERE is_done = 0 AND (database, table) IN (" + which + ")");
      long mutations = ClickHouseCatalog.number(pending.get("mutations"));
      listener.mutationsPending(mutations, ClickHouseCatalog.number(pending.get("parts")));
      if (mutations == 0) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(mutations + " delete mutations on " + String.join(", ", tables)
            + " have not finished within " + timeout + "; see system.mutations on the server, then run erase again");
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // the polling pace of system.mutations
    }
  }

  /** Dead letters of the tenant (or of no known tenant) that are the learner's, by id. */
  private List<String> deadLetters(String database, Learner learner) {
    List<String> ids = new ArrayList<>();
    for (Map<String, Object> row : sql
        .rows("SELECT id, payload FROM " + database + ".dead_letters WHERE ifNull(tenant, "
            + ClickHouseQueries.quote(learner.tenant()) + ") = " + ClickHouseQueries.quote(learner.tenant()))) {
      String payload = (String) row.get("payload");
      boolean mentions = payload.contains(learner.pseudonym())
          || learner.identifier().map(id -> id.mentionedIn(payload)).orElse(false)
          || ActorIdentifier.canonicalActorOf(payload)
              .map(actor -> pseudonymizer.learnerId(learner.tenant(), actor).equals(learner.pseudonym())).orElse(false);
      if (mentions) {
        ids.add((String) row.get("id"));
      }
    }
    return ids;
  }

  /** The values as IN lists of at most {@value #IDS_PER_MUTATION} ids, each the right side of IN. */
  static List<String> chunks(Collection<String> values) {
    List<String> ids = List.copyOf(values);
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += IDS_PER_MUTATION) {
      chunks.add(ClickHouseQueries.inList(ids.subList(i, Math.min(ids.size(), i + IDS_PER_MUTATION))));
    }
    return chunks;
  }
}
