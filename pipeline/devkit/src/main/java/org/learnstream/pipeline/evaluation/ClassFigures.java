package org.learnstream.pipeline.evaluation;

import java.util.List;
import org.learnstream.pipeline.warning.ClassPattern;

/**
 * What telling class-wide patterns apart did on a cohort.
 *
 * @param event             the class event applied, or null
 * @param patterns          every class-pattern row written (a pattern is written again as it reaches more learners)
 * @param classesWithPattern distinct class x rule x skill patterns
 * @param actWithheld       act escalations withheld as part of a class-wide pattern
 * @param actWithheldOwn    of those, escalations of a learner whose injected behaviour the rule is meant to find
 * @param eventClassAct     inactivity act escalations that reached specialists for learners of the event's class from
 *                          the event on (false alarms: the holiday is a teaching signal)
 * @param eventClassActWithheld the same escalations withheld as a class-wide pattern
 */
public record ClassFigures(ClassEvent event, List<ClassPattern> patterns, int classesWithPattern, int actWithheld,
    int actWithheldOwn, int eventClassAct, int eventClassActWithheld) {

  /** {@code class_patterns event=... patterns=... act_withheld=... ...}. */
  public String line() {
    return "class_patterns event=" + (event == null ? "none" : "(" + event.describe() + ")") + " patterns="
        + classesWithPattern + " act_withheld=" + actWithheld + " act_withheld_own_behaviour=" + actWithheldOwn
        + " event_class_inactivity_act_withheld=" + eventClassActWithheld + " event_class_inactivity_act_passed="
        + eventClassAct;
  }
}
