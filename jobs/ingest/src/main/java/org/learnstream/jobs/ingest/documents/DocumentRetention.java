package org.learnstream.jobs.ingest.documents;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.learnstream.pipeline.clickhouse.RetentionWindows;

/**
 * Retention in the documents database: the State and Agent Profile documents (a learner's launch data, bookmarks,
 * suspended answers) that no LMS has written within their tenant's window are removed, as the events and projections
 * derived from the learner's statements are. Activity Profile documents hold no learner's data and stay.
 */
public final class DocumentRetention {

  /** The store and table of these documents, as retention runs name them. */
  public static final String TARGET = PersonDocuments.STORE;

  /** The documents of one tenant last written before {@code cutoff}. */
  public record Step(String tenant, Instant cutoff, long documents) {
  }

  private static final String LEARNERS_DOCUMENTS = PersonDocuments.LEARNERS_RESOURCES;

  private final DocumentDatabase database;

  public DocumentRetention(DocumentDatabase database) {
    this.database = database;
  }

  /** Per tenant with documents past its window ({@code windows}: the events' windows), what would go. */
  public List<Step> plan(RetentionWindows windows, Instant now) throws SQLException {
    return database.inTransaction(c -> {
      List<String> tenants = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT DISTINCT tenant FROM xapi_documents WHERE "
          + LEARNERS_DOCUMENTS + " ORDER BY tenant"); ResultSet r = p.executeQuery()) {
        while (r.next()) {
          tenants.add(r.getString(1));
        }
      }
      List<Step> steps = new ArrayList<>();
      for (String tenant : tenants) {
        Instant cutoff = now.minus(windows.of(tenant));
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM xapi_documents WHERE tenant = ? AND "
            + LEARNERS_DOCUMENTS + " AND updated_millis < ?")) {
          p.setString(1, tenant);
          p.setLong(2, cutoff.toEpochMilli());
          try (ResultSet r = p.executeQuery()) {
            long count = r.next() ? r.getLong(1) : 0;
            if (count > 0) {
              steps.add(new Step(tenant, cutoff, count));
            }
          }
        }
      }
      return steps;
    });
  }

  /** Removes the step's documents; answers how many went (documents written since the plan are kept). */
  public long apply(Step step) throws SQLException {
    return database.inTransaction(c -> {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM xapi_documents WHERE tenant = ? AND "
          + LEARNERS_DOCUMENTS + " AND updated_millis < ?")) {
        p.setString(1, step.tenant());
        p.setLong(2, step.cutoff().toEpochMilli());
        return (long) p.executeUpdate();
      }
    });
  }
}
