package org.learnstream.pipeline.catalog;

import java.util.List;

/**
 * A skill framework read from 1EdTech CASE JSON: the CFDocument and its items with their hierarchy.
 *
 * @param identifier the CFDocument identifier, which names the framework across imports
 * @param uri the CFDocument URI
 * @param title the CFDocument title
 * @param items the CFItems in file order, each with its isChildOf parents
 */
public record CaseFramework(String identifier, String uri, String title, List<FrameworkItem> items) {

  public CaseFramework {
    items = List.copyOf(items);
  }
}
