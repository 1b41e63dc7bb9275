package org.learnstream.jobs.chaos;

import java.util.Arrays;
import java.util.Locale;

/** What the chaos suite does to the one-machine cluster ({@code chaos --cluster}) while the stream flows. */
public enum ClusterScenario {
  /** No fault: the cohort through the cluster must give the MiniCluster run's projections, table by table. */
  CLUSTER_CLEAN,
  /** SIGKILL of a TaskManager running part of the job; the job restores its last checkpoint, the TaskManager restarts. */
  TASKMANAGER_KILL,
  /** SIGKILL of one of the three brokers; producers and the job go on with the other two, then it comes back. */
  BROKER_KILL,
  /** {@code flink stop} with a savepoint at parallelism 2, then {@code flink run -s} from it at parallelism 4. */
  RESCALE;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a label such as {@code broker-kill}; the error lists the known ones. */
  public static ClusterScenario of(String label) {
    for (ClusterScenario s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown cluster scenario '" + label + "'; known: "
        + String.join(", ", Arrays.stream(values()).map(ClusterScenario::label).toList()));
  }
}
