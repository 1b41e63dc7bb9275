package org.learnstream.jobs.ingest.documents;

/** The three xAPI document resources, with the name of their document id parameter. */
public enum DocumentResource {
  STATE("stateId", "/activities/state"), ACTIVITY_PROFILE("profileId",
      "/activities/profile"), AGENT_PROFILE("profileId", "/agents/profile");

  private final String idParameter;
  private final String path;

  DocumentResource(String idParameter, String path) {
    this.idParameter = idParameter;
    this.path = path;
  }

  public String idParameter() {
    return idParameter;
  }

  /** The path under the xAPI base, e.g. {@code /activities/state}. */
  public String path() {
    return path;
  }
}
