package org.learnstream.jobs.pipeline;

import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.xapi.Pseudonymizer;

/**
 * The pseudonyms the job of some settings gives learners, for tools that compare what a run derived with what they
 * sent it: with a records database (documents.url or runtime.data-dir), each learner's record's random pseudonym,
 * for the learners that have a record yet; without, the HMAC of each identifier under the pseudonym key. Never
 * creates a record.
 */
public final class JobPseudonyms {

  private JobPseudonyms() {
  }

  /**
   * The pseudonym of each of {@code canonicalIfis} in {@code tenant} that the job has named so far, by canonical
   * identifier; a records database that does not answer (not created yet, say) gives none.
   */
  public static Map<String, String> of(ReadableConfig settings, Pseudonymizer key, String tenant,
      Collection<String> canonicalIfis) {
    LearnerRecordAccess access = LearnerRecordAccess.from(settings);
    if (access == null) {
      Map<String, String> pseudonyms = new LinkedHashMap<>();
      canonicalIfis.forEach(ifi -> pseudonyms.put(ifi, key.learnerId(tenant, ifi)));
      return pseudonyms;
    }
    try (JdbcRecordTransactions database = access.transactions()) {
      return new LearnerRecordStore(database, key).pseudonymsOf(tenant, canonicalIfis);
    } catch (SQLException e) {
      return Map.of(); // asked again later, once the job has created the records
    }
  }
}
