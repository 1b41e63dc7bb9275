package org.learnstream.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the JobManager's REST API (the one behind the web UI) says about the cluster and a job. */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public FlinkRest(String baseUrl) {
    this.base = baseUrl;
  }

  /** Registered TaskManagers, or empty when the JobManager does not answer. */
  public Optional<Integer> taskManagers() {
    return get("/overview").map(o -> o.path("taskmanagers").asInt());
  }

  /** The ids of the registered TaskManagers (their resource ids, e.g. tm-1). */
  public List<String> taskManagerIds() {
    List<String> ids = new ArrayList<>();
    get("/taskmanagers").ifPresent(o -> o.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText())));
    return ids;
  }

  /** The job's state (RUNNING, RESTARTING, FINISHED, ...), empty when unknown. */
  public Optional<String> jobState(String jobId) {
    return get("/jobs/" + jobId).map(j -> j.path("state").asText());
  }

  /** True when the job and every one of its tasks run (after a restore, not just the job's status). */
  public boolean fullyRunning(String jobId) {
    Optional<JsonNode> job = get("/jobs/" + jobId);
    if (job.isEmpty() || !"RUNNING".equals(job.get().path("state").asText())) {
      return false;
    }
    for (JsonNode vertex : job.get().path("vertices")) {
      if (!"RUNNING".equals(vertex.path("status").asText())) {
        return false;
      }
    }
    return true;
  }

  /** Checkpoints the job completed since it was submitted (restores do not reset the count). */
  public long completedCheckpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints").map(c -> c.path("counts").path("completed").asLong()).orElse(0L);
  }

  /** The parallelism of each of the job's operators' chains. */
  public List<Integer> parallelisms(String jobId) {
    List<Integer> p = new ArrayList<>();
    get("/jobs/" + jobId).ifPresent(j -> j.path("vertices").forEach(v -> p.add(v.path("parallelism").asInt())));
    return p;
  }

  /** Jobs that are not finished, failed or cancelled. */
  public List<String> activeJobs() {
    List<String> ids = new ArrayList<>();
    get("/jobs").ifPresent(o -> o.path("jobs").forEach(j -> {
      String status = j.path("status").asText();
      if (!List.of("FINISHED", "FAILED", "CANCELED").contains(status)) {
        ids.add(j.path("id").asText());
      }
    }));
    return ids;
  }

  private Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
