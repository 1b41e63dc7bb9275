package org.learnstream.jobs.ingest;

import java.util.Objects;

/** Where the statements resource keeps attachment content, and how much a request may bring. */
public record StatementAttachments(AttachmentStore store, AttachmentLimits limits) {

  /** No store: writes with attachment content are refused (400), as without this feature. */
  public static final StatementAttachments NONE = new StatementAttachments(AttachmentStore.NONE,
      AttachmentLimits.defaults());

  public StatementAttachments {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(limits, "limits");
  }
}
