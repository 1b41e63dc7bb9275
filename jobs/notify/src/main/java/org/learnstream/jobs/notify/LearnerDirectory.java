package org.learnstream.jobs.notify;

/** The tenant's pseudonym -> display name directory; only the notifier reads it, for the specialist's eyes. */
public interface LearnerDirectory {

  /** The display name, or null when the directory does not know the learner. */
  String displayName(String tenant, String learner);
}
