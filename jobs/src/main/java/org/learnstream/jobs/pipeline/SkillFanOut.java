package org.learnstream.jobs.pipeline;

import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

/** One copy of a scored response per skill it is evidence for, so mastery can be keyed by learner x skill. */
public class SkillFanOut implements FlatMapFunction<LearningEvent, LearningEvent> {

  public static String key(LearningEvent perSkill) {
    return perSkill.getTenant() + '|' + perSkill.getLearner() + '|' + perSkill.getSkills().get(0);
  }

  @Override
  public void flatMap(LearningEvent event, Collector<LearningEvent> out) {
    if (event.getKind() != EventKind.RESPONSE || event.getSuccess() == null) {
      return;
    }
    List<String> skills = event.getSkills();
    if (skills.size() == 1) {
      out.collect(event);
      return;
    }
    for (String skill : skills) {
      out.collect(LearningEvent.newBuilder(event).setSkills(List.of(skill)).setStatementJson(null).build());
    }
  }
}
