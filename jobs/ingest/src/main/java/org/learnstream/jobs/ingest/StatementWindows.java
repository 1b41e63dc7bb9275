package org.learnstream.jobs.ingest;

import java.util.function.Function;

/**
 * Where the next batch of a statement page lies in stored time, found by counting matches in growing windows from
 * the page's starting point (the cursor, else {@code until}, or now; ascending: the cursor, {@code since}, or the
 * tenant's first statement). On
 * ClickHouse 18.16 a query reads every row its WHERE lets through, so a window the table's key (tenant, stored_ms)
 * bounds is what keeps the newest page of ten million statements from reading all of them.
 */
final class StatementWindows {

  private static final long HOUR_MS = 3_600_000L;
  /** Each eight times the one before; past the last, the rest of the table. */
  static final long[] WIDTHS_MS = {HOUR_MS, 8 * HOUR_MS, 64 * HOUR_MS, 512 * HOUR_MS, 4096 * HOUR_MS};
  /**
   * For a table ordered by the filter value first, each sixteen times the one before: a probe there reads only the
   * value's statements, so a rare value needs fewer, wider windows, and a common one (a verb) still finds a page
   * without reading the whole of its range.
   */
  static final long[] INDEXED_WIDTHS_MS = {HOUR_MS, 16 * HOUR_MS, 256 * HOUR_MS};

  /** Inclusive bounds on stored_ms; null is open. */
  record Window(Long from, Long to) {

    /** The window as conditions to append to a WHERE, each starting with AND. */
    String sql(String column) {
      return (from == null ? "" : " AND " + column + " >= " + from)
          + (to == null ? "" : " AND " + column + " <= " + to);
    }
  }

  /** How many statements match in a window (at most the batch), and the stored time of the last one in order. */
  record Bound(long count, long storedMillis) {
  }

  /** A batch of {@code count} matching statements (fewer than asked: the last batch), all within {@code rest}. */
  record Batch(long count, Window rest) {
  }

  private StatementWindows() {
  }

  /**
   * @param firstMillis for an ascending query without cursor or since, the stored time of the tenant's first statement
   *     (where the windows start), else null
   * @param widths the windows' widths before the rest of the table, growing
   */
  static Batch find(StatementQuery q, String cursor, int batch, long nowMillis, Long firstMillis, long[] widths,
      Function<Window, Bound> probe) {
    Long cursorMillis = cursor == null ? null : Long.valueOf(cursor.split("_", 2)[0]);
    if (!q.ascending()) {
      Long top = cursorMillis != null ? cursorMillis : q.untilMillis();
      long anchor = top != null ? top : nowMillis;
      for (long width : widths) {
        long from = anchor - width;
        if (q.sinceMillis() != null && from <= q.sinceMillis()) {
          break; // since bounds the rest: one last probe
        }
        Bound found = probe.apply(new Window(from, top));
        if (found.count() >= batch) {
          return new Batch(found.count(), new Window(found.storedMillis(), top));
        }
      }
      Bound found = probe.apply(new Window(null, top));
      return new Batch(found.count(), new Window(found.storedMillis(), top));
    }
    Long bottom = cursorMillis != null ? cursorMillis : q.sinceMillis() != null ? q.sinceMillis() : firstMillis;
    if (bottom != null) {
      for (long width : widths) {
        long to = bottom + width;
        if (q.untilMillis() != null && to >= q.untilMillis() || to >= nowMillis) {
          break; // until, or the present, bounds the rest: one last probe
        }
        Bound found = probe.apply(new Window(bottom, to));
        if (found.count() >= batch) {
          return new Batch(found.count(), new Window(bottom, found.storedMillis()));
        }
      }
    }
    Bound found = probe.apply(new Window(bottom, null));
    return new Batch(found.count(), new Window(bottom, found.storedMillis()));
  }
}
