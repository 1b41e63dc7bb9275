package org.learnstream.jobs.ingest;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where attachment content is kept, per tenant and addressed by its SHA-2: the same bytes sent twice are kept once.
 * Content is stored before the statements that name it are published, so an accepted statement never lacks it.
 */
public interface AttachmentStore {

  /** No store: a statement write with attachment content is refused, never accepted and lost. */
  AttachmentStore NONE = new AttachmentStore() {
    @Override
    public boolean keepsContent() {
      return false;
    }

    @Override
    public void put(String tenant, List<AttachmentPart> parts) throws UnavailableException {
      throw new UnavailableException("no attachment store is configured");
    }

    @Override
    public Map<String, byte[]> get(String tenant, Collection<String> sha2s) {
      return Map.of();
    }
  };

  /** Whether content given to {@link #put} is kept (false only for {@link #NONE}). */
  default boolean keepsContent() {
    return true;
  }

  /** Keeps {@code parts} durably before returning; content already kept under its SHA-2 is left as it is. */
  void put(String tenant, List<AttachmentPart> parts) throws UnavailableException;

  /** The content kept under each of {@code sha2s} that this tenant has; unknown ones are left out. */
  Map<String, byte[]> get(String tenant, Collection<String> sha2s) throws UnavailableException;

  /** The store could not be reached or written. */
  final class UnavailableException extends Exception {
    public UnavailableException(String message) {
      super(message);
    }

    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
