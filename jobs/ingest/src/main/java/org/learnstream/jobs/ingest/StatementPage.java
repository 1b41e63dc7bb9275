package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a statement query.
 *
 * @param more the relative link to the next page, or "" when there is none
 */
public record StatementPage(List<JsonNode> statements, String more) {

  public static final StatementPage EMPTY = new StatementPage(List.of(), "");
}
