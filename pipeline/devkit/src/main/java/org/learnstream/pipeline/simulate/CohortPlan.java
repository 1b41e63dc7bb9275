package org.learnstream.pipeline.simulate;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** What all learners of a cohort share: the calendar, the curriculum pacing and who gets which behaviour. */
final class CohortPlan {

  final CohortSpec spec;
  final SkillSpec[] skills;
  final int days;
  final long[] midnight;
  final long[] schoolStart;
  final long[] schoolEnd;
  final boolean[] schoolDay;
  /** Indices of the school days among the calendar days. */
  final int[] schoolDays;
  /** Skills unlocked by the class pacing on each calendar day: a prefix of the skill list, at least one. */
  final int[] unlocked;
  private final byte[] behaviour;

  CohortPlan(CohortSpec spec) {
    this.spec = spec;
    this.skills = spec.skills().toArray(new SkillSpec[0]);
    this.days = spec.days();
    this.midnight = new long[days];
    this.schoolStart = new long[days];
    this.schoolEnd = new long[days];
    this.schoolDay = new boolean[days];
    this.unlocked = new int[days];
    LocalDate first = LocalDate.ofInstant(spec.start(), spec.zone());
    int schoolDayCount = 0;
    for (int d = 0; d < days; d++) {
      LocalDate date = first.plusDays(d);
      midnight[d] = date.atStartOfDay(spec.zone()).toInstant().toEpochMilli();
      schoolStart[d] = date.atTime(spec.practice().schoolStart()).atZone(spec.zone()).toInstant().toEpochMilli();
      schoolEnd[d] = date.atTime(spec.practice().schoolEnd()).atZone(spec.zone()).toInstant().toEpochMilli();
      DayOfWeek dow = date.getDayOfWeek();
      schoolDay[d] = dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
      if (schoolDay[d]) {
        schoolDayCount++;
      }
    }
    this.schoolDays = new int[schoolDayCount];
    int k = 0;
    for (int d = 0; d < days; d++) {
      if (schoolDay[d]) {
        schoolDays[k++] = d;
      }
    }
    // Skill j is introduced on school day floor(j * schoolDays / skills): the curriculum spans the cohort.
    int introduced = 0;
    int schoolDayIndex = -1;
    for (int d = 0; d < days; d++) {
      if (schoolDay[d]) {
        schoolDayIndex++;
        while (introduced < skills.length && (long) introduced * schoolDayCount / skills.length <= schoolDayIndex) {
          introduced++;
        }
      }
      unlocked[d] = Math.max(1, introduced);
    }
    this.behaviour = assignBehaviours(spec);
  }

  Behaviour behaviour(int learner) {
    return Behaviour.values()[behaviour[learner]];
  }

  /**
   * Exactly round(share * learners) learners per behaviour, picked by a seeded shuffle; behaviours take their turn
   * in declaration order, so a behaviour added last leaves the earlier ones' learners as they were.
   */
  private static byte[] assignBehaviours(CohortSpec spec) {
    int n = spec.learners();
    byte[] assigned = new byte[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Rng rng = new Rng(Rng.streamSeed(spec.seed(), -3));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int next = 0;
    for (Behaviour b : Behaviour.values()) {
      if (b == Behaviour.NONE) {
        continue;
      }
      int count = Math.min(spec.behaviours().count(b, n), n - next);
      for (int i = 0; i < count; i++) {
        assigned[order[next++]] = (byte) b.ordinal();
      }
    }
    return assigned;
  }
}
