package org.learnstream.jobs.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instant before which every statement this server stored is readable, for the
 * {@code X-Experience-API-Consistent-Through} header. Statements become readable once the pipeline has written them to
 * ClickHouse, some seconds after the answer; this server follows each statement it accepted until the
 * {@link StatementStore} has it, and the header is the earliest {@code stored} time still outstanding (a request being
 * prepared or written counts from its own {@code stored} time), or the time of the latest check when none is.
 * Statements the pipeline set aside as dead letters are not waited for: they will never be readable.
 *
 * <p>It speaks for this server: statements written straight to Kafka or through another server are not followed.
 * Without a store ({@link StatementStore#NONE}) nothing is ever readable and the header stays at the epoch. A statement
 * that has not landed {@link #GIVE_UP_AFTER} after its {@code stored} time (a pipeline stopped that long, a dead
 * letter not found) is no longer waited for, so that one lost statement does not hold the header back for good; it
 * is counted in the log.
 *
 * <p>Until a statement this server wrote has landed, the server reads it by id from here (read-your-writes): a client
 * that sent a statement can read it back at once, as many xAPI tools do right after their POST. At most
 * {@link #UNLANDED_KEPT} statements are kept so; beyond that they are readable once landed, as before. Queries merge
 * them into the store's pages the same way ({@link UnlandedMerge}).
 */
public final class ReadableThrough implements AutoCloseable {

  /** How long a statement is waited for before the header moves past it. */
  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
  private static final Duration CHECK_EVERY = Duration.ofMillis(200);
  /** Ids per store query: ClickHouse 18.16 refuses queries longer than 256 KiB. */
  private static final int IDS_PER_QUERY = 1_000;
  private static final int QUERIES_PER_CHECK = 10;
  /** Statements outstanding this long are looked for among the dead letters, a few per check. */
  private static final Duration DEAD_LETTER_AFTER = Duration.ofSeconds(2);
  private static final int DEAD_LETTER_IDS_PER_CHECK = 50;
  /**
   * Statements written and not landed yet that are kept to be read by id; about 1 KiB each as written, a few more
   * once a read has parsed them.
   */
  static final int UNLANDED_KEPT = 10_000;
  /** How long a statement is still read from here once the store has it. */
  static final Duration KEPT_AFTER_LANDING = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(ReadableThrough.class);

  /** The time a request stamps as {@code stored}, outstanding until {@link #close(Stamp)}. */
  public static final class Stamp {
    private final long millis;

    private Stamp(long millis) {
      this.millis = millis;
    }

    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private record Pending(long stored, String tenant, String id) {
  }

  /**
   * A statement kept for reads, with how many drains of the hand-over queue had ended when it was reported written:
   * its hand-over was queued before that, so the drain after next has it pending for sure.
   */
  private record Kept(UnlandedStatement statement, long drainsBefore) {
  }

  private static final Comparator<Pending> BY_STORED = Comparator.comparingLong(Pending::stored)
      .thenComparing(Pending::tenant).thenComparing(Pending::id);

  private final Clock clock;
  private final StatementStore store;
  private final boolean following;
  /** Stamps of requests being prepared or written; guarded by itself with the clock read that makes each one. */
  private final Set<Stamp> open = new LinkedHashSet<>();
  /** Statements handed over by request threads: added before their write, removed when the write failed. */
  private final ConcurrentLinkedQueue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
  /** Owned by the checking thread. */
  private final TreeSet<Pending> pending = new TreeSet<>(BY_STORED);
  private final Map<String, Pending> pendingByKey = new HashMap<>();
  private final ScheduledExecutorService checker;
  private volatile String header = Instant.EPOCH.toString();
  /** Written, not landed yet, by tenant|id; filled by request threads, emptied by the checker. */
  private final Map<String, Kept> unlanded = new ConcurrentHashMap<>();
  /** Drains of {@link #handedOver} ended; written by the checking thread only. */
  private volatile long drains;
  /** Targets of voiding statements among them, by the voiding statement's tenant|id. */
  private final Map<String, String> unlandedVoids = new ConcurrentHashMap<>();
  /** Statements of {@link #unlanded} that have landed, by tenant|id, with when the check saw them; checker's own. */
  private final LinkedHashMap<String, Long> landedKept = new LinkedHashMap<>();

  /** Checks only when {@link #check} is called; {@link #following} also schedules the checks. */
  ReadableThrough(Clock clock, StatementStore store) {
    this.clock = clock;
    this.store = store;
    this.following = store != StatementStore.NONE;
    this.checker = following ? Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "consistent-through");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /** Follows statements into {@code store}, checking a few times a second; {@link #close()} stops it. */
  public static ReadableThrough following(Clock clock, StatementStore store) {
    ReadableThrough readable = new ReadableThrough(clock, store);
    if (readable.following) {
      readable.checker.scheduleWithFixedDelay(readable::checkSafely, 0, CHECK_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return readable;
  }

  /** The header value, an ISO 8601 instant. */
  public String header() {
    return header;
  }

  /** Reads the clock for a request's {@code stored} time; the request is outstanding until {@link #close}. */
  public Stamp open() {
    if (!following) {
      return new Stamp(clock.millis());
    }
    synchronized (open) {
      Stamp stamp = new Stamp(clock.millis());
      open.add(stamp);
      return stamp;
    }
  }

  /** Before {@code ids} are written: from now on they are outstanding until the store has them. */
  public void writing(Stamp stamp, String tenant, List<String> ids) {
    if (following) {
      handedOver.add(() -> ids.forEach(id -> add(new Pending(stamp.millis, tenant, id))));
    }
  }

  /** The write of {@code ids} failed: they will never land. */
  public void notWritten(String tenant, List<String> ids) {
    if (following) {
      handedOver.add(() -> ids.forEach(id -> pending.remove(pendingByKey.remove(tenant + "|" + id))));
    }
  }

  /** {@code statements} are in Kafka: readable by id from here until they land. */
  public void written(String tenant, List<PreparedStatement> statements) {
    if (following) {
      for (PreparedStatement s : statements) {
        if (unlanded.size() >= UNLANDED_KEPT) {
          return;
        }
        unlanded.put(tenant + "|" + s.id(), new Kept(new UnlandedStatement(s.json()), drains));
        VoidingTarget.of(s.json()).ifPresent(target -> unlandedVoids.put(tenant + "|" + s.id(), tenant + "|" + target));
      }
    }
  }

  /** Whether a voiding statement this server wrote, not landed yet, targets {@code id}. */
  public boolean voidedByUnlanded(String tenant, String id) {
    return unlandedVoids.containsValue(tenant + "|" + id);
  }

  /** The statements of {@code tenant} this server wrote that have not landed yet (or only just). */
  List<UnlandedStatement> unlandedOf(String tenant) {
    String prefix = tenant + "|";
    List<UnlandedStatement> out = new ArrayList<>();
    unlanded.forEach((key, kept) -> {
      if (key.startsWith(prefix)) {
        out.add(kept.statement());
      }
    });
    return out;
  }

  /** The ids of the statements that the voiding statements among {@link #unlandedOf} target. */
  public Set<String> voidedByUnlanded(String tenant) {
    String prefix = tenant + "|";
    Set<String> out = new HashSet<>();
    unlandedVoids.values().forEach(target -> {
      if (target.startsWith(prefix)) {
        out.add(target.substring(prefix.length()));
      }
    });
    return out;
  }

  /** A statement this server wrote that has not landed yet. */
  Optional<UnlandedStatement> unlanded(String tenant, String id) {
    return Optional.ofNullable(unlanded.get(tenant + "|" + id)).map(Kept::statement);
  }

  /** The request is answered; call after {@link #writing} or {@link #notWritten}, never before. */
  public void close(Stamp stamp) {
    if (following) {
      synchronized (open) {
        open.remove(stamp);
      }
    }
  }

  private void add(Pending p) {
    if (pendingByKey.putIfAbsent(p.tenant() + "|" + p.id(), p) == null) {
      pending.add(p);
    }
  }

  private void checkSafely() {
    try {
      check();
    } catch (StatementStore.UnavailableException e) {
      LOG.warn("Consistent-through not advanced: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Consistent-through check failed", e);
    }
  }

  /**
   * One check. The clock and the open stamps are read together, before the hand-over queue is drained: a statement
   * stamped before {@code now} is then either still open or already pending here.
   */
  void check() {
    long now;
    long earliestOpen = Long.MAX_VALUE;
    synchronized (open) {
      now = clock.millis();
      for (Stamp s : open) {
        // a request open that long was dropped without being closed; it must not hold the header back for good
        if (s.millis >= now - GIVE_UP_AFTER.toMillis()) {
          earliestOpen = Math.min(earliestOpen, s.millis);
        }
      }
    }
    for (Runnable r; (r = handedOver.poll()) != null;) {
      r.run();
    }
    drains = drains + 1;
    removeLanded(now);
    giveUpBefore(now - GIVE_UP_AFTER.toMillis());
    for (var i = landedKept.entrySet().iterator(); i.hasNext();) {
      Map.Entry<String, Long> kept = i.next();
      if (kept.getValue() > now - KEPT_AFTER_LANDING.toMillis()) {
        break;
      }
      unlanded.remove(kept.getKey());
      unlandedVoids.remove(kept.getKey());
      i.remove();
    }
    if (unlanded.size() > pendingByKey.size() + landedKept.size()) {
      // written after the check that saw them land. A statement whose hand-over came after this check's drain is not
      // pending yet either, and the store's queries above leave it time to be written meanwhile: it stays, since the
      // next drain makes it pending.
      long drained = drains;
      unlanded.entrySet().removeIf(e -> !pendingByKey.containsKey(e.getKey()) && !landedKept.containsKey(e.getKey())
          && drained >= e.getValue().drainsBefore() + 2);
      unlandedVoids.keySet().removeIf(k -> !unlanded.containsKey(k));
    }
    long earliestPending = pending.isEmpty() ? Long.MAX_VALUE : pending.first().stored();
    header = Instant.ofEpochMilli(Math.min(now, Math.min(earliestOpen, earliestPending))).toString();
  }

  /** Asks the store about the oldest outstanding statements, until some of a chunk have not landed yet. */
  private void removeLanded(long now) {
    for (int q = 0; q < QUERIES_PER_CHECK && !pending.isEmpty(); q++) {
      List<Pending> chunk = new ArrayList<>(IDS_PER_QUERY);
      for (Pending p : pending) {
        if (chunk.size() == IDS_PER_QUERY) {
          break;
        }
        chunk.add(p);
      }
      Map<String, List<String>> idsByTenant = new LinkedHashMap<>();
      chunk.forEach(p -> idsByTenant.computeIfAbsent(p.tenant(), t -> new ArrayList<>()).add(p.id()));
      int landed = 0;
      for (Map.Entry<String, List<String>> e : idsByTenant.entrySet()) {
        for (String id : store.landed(e.getKey(), e.getValue())) {
          Pending p = landed(e.getKey() + "|" + id, now);
          if (p != null) {
            pending.remove(p);
            landed++;
          }
        }
      }
      if (landed < chunk.size()) {
        removeDeadLettered(chunk);
        return;
      }
    }
  }

  /**
   * Outstanding statements of the chunk old enough to have reached the pipeline that it set aside as dead letters
   * (e.g. a far-future timestamp): they will never be readable, and waiting for them would hold the header back.
   */
  private void removeDeadLettered(List<Pending> chunk) {
    long settled = clock.millis() - DEAD_LETTER_AFTER.toMillis();
    Map<String, List<String>> idsByTenant = new LinkedHashMap<>();
    chunk.stream().filter(p -> pendingByKey.containsKey(p.tenant() + "|" + p.id()) && p.stored() < settled)
        .limit(DEAD_LETTER_IDS_PER_CHECK)
        .forEach(p -> idsByTenant.computeIfAbsent(p.tenant(), t -> new ArrayList<>()).add(p.id()));
    idsByTenant.forEach((tenant, ids) -> {
      for (String id : store.deadLettered(tenant, ids)) {
        pending.remove(forget(tenant + "|" + id));
      }
    });
  }

  /**
   * Landed: no longer outstanding, and still read from here for {@link #KEPT_AFTER_LANDING}, since the store's tables
   * take a statement one after another and a query may read one that does not have it yet.
   */
  private Pending landed(String key, long now) {
    Pending p = pendingByKey.remove(key);
    if (p != null && unlanded.containsKey(key)) {
      landedKept.put(key, now);
    }
    return p;
  }

  /** No longer outstanding: a dead letter, or given up. */
  private Pending forget(String key) {
    unlanded.remove(key);
    unlandedVoids.remove(key);
    return pendingByKey.remove(key);
  }

  private void giveUpBefore(long cutoff) {
    int given = 0;
    while (!pending.isEmpty() && pending.first().stored() < cutoff) {
      Pending p = pending.pollFirst();
      forget(p.tenant() + "|" + p.id());
      given++;
    }
    if (given > 0) {
      LOG.warn("{} statement(s) accepted by this server did not land in the statement store within {}; "
          + "X-Experience-API-Consistent-Through no longer waits for them (see dead_letters)", given, GIVE_UP_AFTER);
    }
  }

  @Override
  public void close() {
    if (checker != null) {
      checker.shutdownNow();
    }
  }
}
