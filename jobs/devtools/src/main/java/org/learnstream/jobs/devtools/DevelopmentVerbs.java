package org.learnstream.jobs.devtools;

import java.util.LinkedHashMap;
import java.util.Map;
import org.learnstream.jobs.cli.MoreVerbs;

/** The verbs that develop and prove the product, added to {@code learnstream} when this module is on the class path. */
public final class DevelopmentVerbs implements MoreVerbs {

  @Override
  public Map<String, Object> verbs() {
    Map<String, Object> verbs = new LinkedHashMap<>();
    verbs.put("demo", new DemoCommand());
    verbs.put("evaluate-alerts", new EvaluateAlertsCommand());
    verbs.put("bench", new BenchCommand());
    verbs.put("chaos", new ChaosCommand());
    verbs.put("cluster", new ClusterCommand());
    return verbs;
  }
}
