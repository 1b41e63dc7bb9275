package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A page of landed statements merged with the statements this server accepted that have not landed yet, as the page
 * would hold them once they have: the same filters (the StatementRef rule included), the same order by stored time
 * then id, the same {@code limit} and {@code more} position, voided statements left out, each statement once.
 */
final class UnlandedMerge {

  /** A statement with its place in the order of pages. */
  private record Placed(long stored, String id, JsonNode statement) {
  }

  private static final Comparator<Placed> STORED_THEN_ID = Comparator.comparingLong(Placed::stored)
      .thenComparing(Placed::id);

  private UnlandedMerge() {
  }

  /**
   * @param landed the store's page for {@code q}
   * @param unlanded statements accepted here and not landed yet (any filter), read before the store's page was
   * @param voidedUnlanded ids of statements the voiding statements among {@code unlanded} target
   * @param voidedLanded which of the given ids landed voiding statements target
   * @param target a statement by id, landed or not, for the StatementRef rule
   */
  static StatementPage merge(StatementQuery q, StatementPage landed, List<UnlandedStatement> unlanded,
      Set<String> voidedUnlanded, Function<Collection<String>, Set<String>> voidedLanded,
      Function<String, Optional<JsonNode>> target) {
    Comparator<Placed> order = q.ascending() ? STORED_THEN_ID : STORED_THEN_ID.reversed();
    Placed after = q.cursor() == null ? null : at(q.cursor());
    Placed upTo = landed.more().isEmpty() ? null : at(cursorOf(landed.more()));
    List<Placed> page = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode s : landed.statements()) {
      Placed p = placed(s);
      if (!voidedBy(voidedUnlanded, p) && ids.add(p.id())) {
        page.add(p);
      }
    }
    List<Placed> fitting = new ArrayList<>();
    for (UnlandedStatement s : unlanded) {
      Placed p = new Placed(s.storedMillis(), s.id(), s.tree());
      if (p.stored() >= 0 && !voidedBy(voidedUnlanded, p) && ids.add(p.id())
          && (after == null || order.compare(p, after) > 0) && (upTo == null || order.compare(p, upTo) <= 0)
          && matches(s.tree(), p.stored(), q, target)) {
        fitting.add(p);
      }
    }
    if (!fitting.isEmpty()) {
      Set<String> voided = voidedLanded.apply(fitting.stream().map(Placed::id).toList());
      fitting.stream().filter(p -> !voidedBy(voided, p)).forEach(page::add);
    }
    page.sort(order);
    if (page.size() <= q.limit()) {
      return new StatementPage(page.stream().map(Placed::statement).toList(), landed.more());
    }
    List<Placed> kept = page.subList(0, q.limit());
    Placed last = kept.get(kept.size() - 1);
    return new StatementPage(kept.stream().map(Placed::statement).toList(), q.moreLink(last.stored(), last.id()));
  }

  /** Whether {@code targets} void {@code p}: a voiding statement is never voided (xAPI Data 2.3.2). */
  private static boolean voidedBy(Set<String> targets, Placed p) {
    return targets.contains(p.id()) && !VoidingTarget.isVoiding(p.statement());
  }

  /** Whether a statement matches every filter of {@code q}, as the store decides for a landed one. */
  static boolean matches(JsonNode s, long storedMillis, StatementQuery q, Function<String, Optional<JsonNode>> target) {
    if (q.sinceMillis() != null && storedMillis <= q.sinceMillis()
        || q.untilMillis() != null && storedMillis > q.untilMillis()) {
      return false;
    }
    boolean own = ownColumnsMatch(s, q);
    JsonNode object = s.path("object");
    if (!own && q.agentIdentifier() == null && q.activity() == null && (q.verb() != null || q.registration() != null)
        && "StatementRef".equals(object.path("objectType").asText())) {
      // xAPI: a statement referring to a matching one matches too
      own = target.apply(object.path("id").asText().toLowerCase(Locale.ROOT)).filter(t -> ownColumnsMatch(t, q))
          .isPresent();
    }
    return own && StatementFilter.matches(s, q);
  }

  /** The verb and registration filters, which the store compares on the statement's own columns. */
  private static boolean ownColumnsMatch(JsonNode s, StatementQuery q) {
    return (q.verb() == null || q.verb().equals(s.path("verb").path("id").asText(null)))
        && (q.registration() == null
            || q.registration().equals(s.path("context").path("registration").asText("").toLowerCase(Locale.ROOT)));
  }

  private static Placed placed(JsonNode s) {
    return new Placed(storedMillis(s), s.path("id").asText().toLowerCase(Locale.ROOT), s);
  }

  /** The statement's stored time in milliseconds, -1 when it has none. */
  static long storedMillis(JsonNode s) {
    try {
      return OffsetDateTime.parse(s.path("stored").asText()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  private static Placed at(String cursor) {
    String[] at = cursor.split("_", 2);
    return new Placed(Long.parseLong(at[0]), at[1], null);
  }

  /** The cursor parameter of a more link this server wrote. */
  private static String cursorOf(String moreLink) {
    for (String pair : moreLink.substring(moreLink.indexOf('?') + 1).split("&")) {
      if (pair.startsWith("cursor=")) {
        return URLDecoder.decode(pair.substring("cursor=".length()), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException("a more link without a cursor: " + moreLink);
  }
}
