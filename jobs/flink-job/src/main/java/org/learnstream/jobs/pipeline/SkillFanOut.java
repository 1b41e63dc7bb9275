package org.learnstream.jobs.pipeline;

import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.learnstream.jobs.config.WatchedFile;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.catalog.SkillAssignment;
import org.learnstream.pipeline.catalog.SkillRules;
import org.learnstream.schemas.EventKind;
import org.learnstream.pipeline.records.SealedEvents;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.SkillMapping;

/**
 * One copy of a scored response per skill it is evidence for (voiding statements pass unchanged), so mastery can be keyed by learner x skill. Skills
 * come from {@link SkillAssignment}: the statement's own, else the content catalog, else the first matching mapping
 * rule ({@code mastery.skill-rules-file}, re-read when it changes), else the activity itself
 * (counted in the {@code unmappedActivities} metric; ClickHouse shows them as responses whose object is missing
 * from {@code skill_catalog}).
 *
 * <p>The catalog the job starts with ({@code catalog.file}) is part of the function, so every response sees it;
 * {@code content.catalog} records broadcast while the job runs replace an activity's entry (an entry with no
 * skills removes it) for the responses that follow.
 */
public class SkillFanOut extends BroadcastProcessFunction<LearningEvent, SkillMapping, LearningEvent> {

  /** Catalog updates received while running, by activity id. */
  public static final MapStateDescriptor<String, SkillMapping> CATALOG = new MapStateDescriptor<>("content-catalog",
      Types.STRING, AvroTypes.of(SkillMapping.class));

  private final HashMap<String, SkillMapping> initial;
  private final WatchedFile<SkillRules> rules;
  private transient Counter unmapped;
  private transient Counter catalogUpdates;

  public SkillFanOut() {
    this(List.of());
  }

  public SkillFanOut(List<SkillMapping> initialCatalog) {
    this(initialCatalog, null);
  }

  /** @param rules the mapping rules file, or null for none */
  public SkillFanOut(List<SkillMapping> initialCatalog, WatchedFile<SkillRules> rules) {
    this.rules = rules;
    this.initial = new HashMap<>();
    for (SkillMapping mapping : initialCatalog) {
      initial.put(mapping.getActivityId(), mapping);
    }
  }

  public static String key(LearningEvent perSkill) {
    return perSkill.getTenant() + '|' + perSkill.getLearner() + '|' + perSkill.getSkills().get(0);
  }

  @Override
  public void open(OpenContext openContext) {
    unmapped = getRuntimeContext().getMetricGroup().counter("unmappedActivities");
    catalogUpdates = getRuntimeContext().getMetricGroup().counter("catalogUpdates");
  }

  @Override
  public void processElement(LearningEvent event, ReadOnlyContext ctx, Collector<LearningEvent> out)
      throws Exception {
    if (event.getKind() == EventKind.VOIDING && event.getVoidedStatementId() != null) {
      // VoidRouting turns it into retractions per skill of the voided response
      out.collect(LearnstreamPipeline.withoutStatementText(event));
      return;
    }
    if (event.getKind() != EventKind.RESPONSE || event.getSuccess() == null) {
      return;
    }
    SkillMapping mapping = ctx.getBroadcastState(CATALOG).get(event.getObjectId());
    if (mapping == null) {
      mapping = initial.get(event.getObjectId());
    }
    SkillRules current = rules == null ? SkillRules.none() : rules.get(System.currentTimeMillis());
    SkillAssignment.Result assigned = SkillAssignment.assign(event, mapping, current);
    if (assigned.source() == SkillAssignment.Source.UNMAPPED) {
      unmapped.inc();
    }
    emit(event, assigned.skills(), out);
  }

  @Override
  public void processBroadcastElement(SkillMapping mapping, Context ctx, Collector<LearningEvent> out)
      throws Exception {
    if (mapping.getActivityId().isEmpty()) {
      return;
    }
    ctx.getBroadcastState(CATALOG).put(mapping.getActivityId(), mapping);
    catalogUpdates.inc();
  }

  /** Fans out without the catalog: the statement's skills as they are (tests and tools that need no catalog). */
  public static void emit(LearningEvent event, List<String> skills, Collector<LearningEvent> out) {
    if (skills.isEmpty()) {
      return;
    }
    if (skills.size() == 1 && skills.equals(event.getSkills())) {
      out.collect(LearnstreamPipeline.withoutStatementText(event));
      return;
    }
    for (String skill : skills) {
      LearningEvent perSkill = SealedEvents.withoutStatement(event);
      perSkill.setSkills(List.of(skill));
      out.collect(perSkill);
    }
  }
}
