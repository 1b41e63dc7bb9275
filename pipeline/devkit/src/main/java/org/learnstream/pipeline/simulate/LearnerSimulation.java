package org.learnstream.pipeline.simulate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One learner's hidden skill state and practice, producing events in time order. Each call to
 * {@link #advance()} moves to the next event and exposes it through the public-in-package fields.
 * Everything is drawn from the learner's own random stream, so learners are independent of one another
 * and of the order in which the cohort interleaves them.
 */
final class LearnerSimulation {

  static final int ANSWERED = 0;
  static final int EXPERIENCED = 1;
  static final int COMPLETED = 2;

  private static final int SLOTS_PER_DAY = 6;
  private static final long BREAK_BETWEEN_SESSIONS_MS = 5 * 60_000L;
  private static final double RAPID_SHARE_AFTER_ONSET = 0.7;
  private static final double STRUGGLE_CORRECT_SHARE = 0.1;
  private static final int WHEEL_SPIN_MOVE_ON_AFTER = 25;
  private static final int AFFECTED_SKILL_CANDIDATES = 3;
  /** Considered answers take at least this long, so rapid guesses (1-3 s) are distinguishable. */
  static final double MIN_CONSIDERED_SECONDS = 4.0;

  final int index;
  final long learnerSeed;
  final Behaviour behaviour;
  private final CohortPlan plan;
  private final SkillSpec[] skills;
  private final Practice practice;
  private final Rng rng;
  private final double sessionsPerWeek;
  private final int onsetDay;
  final int affectedSkill;

  private final boolean[] knownAtStart;
  private final boolean[] known;
  private final int[] attempts;
  private final int[] streak;
  private final boolean[] passed;
  private final int[] learnedAtAttempt;
  private final long[] learnedAtMillis;
  private final boolean[] forgotten;
  /** Attempts on each skill when it was forgotten, so moving on counts only the attempts since. */
  private final int[] attemptsAtForgetting;
  private int focus;

  private int day = -1;
  private final long[] plannedStarts = new long[SLOTS_PER_DAY];
  private int sessionsToday;
  private int nextSession;
  private long lastSessionEnd = Long.MIN_VALUE;
  private boolean inSession;
  private int remaining;
  private boolean pendingLesson;
  private boolean pendingCompletion;
  private int sessionSkill;
  private long clock;
  private long wheelSpinOnset = Long.MIN_VALUE;

  // The current event.
  int kind;
  long time;
  int skill;
  int item;
  boolean correct;
  boolean knownBefore;
  boolean shaped;
  int attempt;
  long durationMillis;
  long sequence = -1;
  long statements;

  /** Per-learner JSON fragments, cached here by the statement writer. */
  byte[][] jsonFragments;

  LearnerSimulation(CohortPlan plan, int index) {
    this.plan = plan;
    this.index = index;
    this.skills = plan.skills;
    this.practice = plan.spec.practice();
    this.learnerSeed = Rng.streamSeed(plan.spec.seed(), index);
    this.rng = new Rng(learnerSeed);
    this.behaviour = plan.behaviour(index);
    int n = skills.length;
    this.sessionsPerWeek = rng.uniform(practice.sessionsPerWeekMin(), practice.sessionsPerWeekMax());
    this.affectedSkill = behaviour == Behaviour.WHEEL_SPIN ? rng.nextInt(Math.min(AFFECTED_SKILL_CANDIDATES, n)) : -1;
    this.onsetDay = switch (behaviour) {
      case DISENGAGE -> pickSchoolDay(0.3, 0.7);
      case RAPID_GUESS -> pickSchoolDay(0.2, 0.6);
      case FORGET, STRUGGLE -> pickSchoolDay(0.3, 0.6);
      default -> -1;
    };
    knownAtStart = new boolean[n];
    known = new boolean[n];
    attempts = new int[n];
    streak = new int[n];
    passed = new boolean[n];
    learnedAtAttempt = new int[n];
    learnedAtMillis = new long[n];
    forgotten = new boolean[n];
    attemptsAtForgetting = new int[n];
    for (int s = 0; s < n; s++) {
      boolean k = rng.chance(skills[s].prior()) && s != affectedSkill;
      knownAtStart[s] = k;
      known[s] = k;
      learnedAtAttempt[s] = k ? 0 : -1;
    }
  }

  /** A school day (calendar index) between the given fractions of the school days, never the first one. */
  private int pickSchoolDay(double from, double to) {
    int count = plan.schoolDays.length;
    if (count == 0) {
      return plan.days;
    }
    int lo = Math.max(Math.min(1, count - 1), (int) Math.floor(from * count));
    int hi = Math.max(lo, Math.min(count - 1, (int) Math.floor(to * count)));
    return plan.schoolDays[rng.between(lo, hi)];
  }

  /** Moves to the next event; false when the learner has nothing more to do. */
  boolean advance() {
    while (true) {
      if (inSession) {
        if (pendingLesson) {
          pendingLesson = false;
          clock += rng.between(60, 300) * 1000L + rng.nextInt(1000);
          emitEngagement(EXPERIENCED);
          return true;
        }
        if (remaining > 0) {
          remaining--;
          emitAnswer();
          return true;
        }
        inSession = false;
        lastSessionEnd = clock;
        if (pendingCompletion) {
          clock += rng.between(1, 5) * 1000L;
          emitEngagement(COMPLETED);
          lastSessionEnd = clock;
          return true;
        }
      }
      if (nextSession < sessionsToday) {
        long start = Math.max(plannedStarts[nextSession++], lastSessionEnd + BREAK_BETWEEN_SESSIONS_MS);
        if (start > plan.schoolEnd[day]) {
          nextSession = sessionsToday;
        } else {
          beginSession(start);
        }
        continue;
      }
      day++;
      if (day >= plan.days || (behaviour == Behaviour.DISENGAGE && day >= onsetDay)) {
        day = plan.days;
        return false;
      }
      if (behaviour == Behaviour.FORGET && day == onsetDay) {
        forgetEverything();
      }
      if (plan.schoolDay[day]) {
        planDay();
      }
    }
  }

  /** FORGET's onset: every known skill is lost, and practice returns to the first of them. */
  private void forgetEverything() {
    for (int s = 0; s < skills.length; s++) {
      if (known[s]) {
        known[s] = false;
        forgotten[s] = true;
        passed[s] = false;
        streak[s] = 0;
        attemptsAtForgetting[s] = attempts[s];
        learnedAtAttempt[s] = -1;
        focus = Math.min(focus, s);
      }
    }
  }

  private void planDay() {
    double p = Math.min(1.0, sessionsPerWeek / (5.0 * SLOTS_PER_DAY));
    int k = 0;
    for (int i = 0; i < SLOTS_PER_DAY; i++) {
      if (rng.chance(p)) {
        k++;
      }
    }
    long open = plan.schoolStart[day];
    long span = plan.schoolEnd[day] - open;
    for (int i = 0; i < k; i++) {
      plannedStarts[i] = open + (long) (rng.nextDouble() * span);
    }
    java.util.Arrays.sort(plannedStarts, 0, k);
    sessionsToday = k;
    nextSession = 0;
  }

  private void beginSession(long start) {
    inSession = true;
    clock = start;
    remaining = rng.between(practice.attemptsPerSessionMin(), practice.attemptsPerSessionMax());
    pendingLesson = rng.chance(practice.lessonShare());
    pendingCompletion = rng.chance(practice.completionShare());
    int unlocked = plan.unlocked[day];
    moveFocus(unlocked);
    sessionSkill = focus < unlocked ? focus : rng.nextInt(unlocked);
  }

  private void moveFocus(int unlocked) {
    while (focus < unlocked && passed[focus]) {
      focus++;
    }
  }

  private int chooseSkill() {
    int unlocked = plan.unlocked[day];
    moveFocus(unlocked);
    if (focus >= unlocked) {
      return rng.nextInt(unlocked);
    }
    if (focus > 0 && rng.chance(practice.reviewShare())) {
      return rng.nextInt(focus);
    }
    return focus;
  }

  private void emitEngagement(int verb) {
    kind = verb;
    skill = sessionSkill;
    item = 0;
    correct = false;
    knownBefore = known[sessionSkill];
    shaped = false;
    attempt = 0;
    durationMillis = 0;
    stamp();
  }

  private void emitAnswer() {
    int s = chooseSkill();
    SkillSpec spec = skills[s];
    boolean rapid = behaviour == Behaviour.RAPID_GUESS && day >= onsetDay && rng.chance(RAPID_SHARE_AFTER_ONSET);
    boolean before = known[s];
    boolean right;
    long duration;
    if (rapid) {
      right = rng.chance(spec.guess());
      duration = rng.between(10, 30) * 100L;
    } else if (behaviour == Behaviour.STRUGGLE && day >= onsetDay) {
      right = rng.chance(STRUGGLE_CORRECT_SHARE);
      duration = consideredDuration();
    } else {
      right = before ? !rng.chance(spec.slip()) : rng.chance(spec.guess());
      duration = consideredDuration();
    }
    boolean blocked = false;
    if (s == affectedSkill) {
      // A wheel-spinner never reaches 3 correct in a row on the affected skill.
      if (right && streak[s] >= 2) {
        right = false;
        blocked = true;
      }
    }
    attempts[s]++;
    streak[s] = right ? streak[s] + 1 : 0;
    clock += duration;
    if (s == affectedSkill && wheelSpinOnset == Long.MIN_VALUE) {
      wheelSpinOnset = clock;
    }
    if (!rapid) {
      transition(s, spec);
    }
    int moveOnAfter = s == affectedSkill ? WHEEL_SPIN_MOVE_ON_AFTER : Practice.MOVE_ON_AFTER;
    if (s == focus && (streak[s] >= 3 || attempts[s] - attemptsAtForgetting[s] >= moveOnAfter)) {
      passed[s] = true;
    }
    kind = ANSWERED;
    skill = s;
    item = 1 + rng.nextInt(practice.itemsPerSkill());
    correct = right;
    knownBefore = before;
    shaped = rapid || blocked || (behaviour == Behaviour.STRUGGLE && day >= onsetDay);
    attempt = attempts[s];
    durationMillis = duration;
    stamp();
    clock += rng.between(1000, 8000);
  }

  /** A considered answer's duration: log-normal around the median, 4-300 s, in tenths of a second. */
  private long consideredDuration() {
    double seconds = practice.medianAnswerSeconds() * Math.exp(0.5 * rng.gaussian());
    return Math.round(Math.max(MIN_CONSIDERED_SECONDS, Math.min(300.0, seconds)) * 10) * 100L;
  }

  /** BKT's transition after an answer: an unknown skill is learned with P(T), a known one forgotten with P(F). */
  private void transition(int s, SkillSpec spec) {
    if (known[s]) {
      if (spec.forget() > 0 && rng.chance(spec.forget())) {
        known[s] = false;
        learnedAtAttempt[s] = -1;
      }
    } else if (s != affectedSkill && !forgotten[s] && rng.chance(spec.learn())) {
      known[s] = true;
      learnedAtAttempt[s] = attempts[s];
      learnedAtMillis[s] = clock;
    }
  }

  private List<String> forgottenSkills() {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < skills.length; s++) {
      if (forgotten[s]) {
        out.add(skills[s].skillId());
      }
    }
    return out;
  }

  private void stamp() {
    time = clock;
    sequence++;
    statements++;
  }

  /** Runs the learner to the end (if not already there) and reports the truth. */
  LearnerTruth finish(String email, String displayName, String actorKey, String section) {
    long last = statements > 0 ? time : Long.MIN_VALUE;
    while (advance()) {
      last = time;
    }
    List<SkillTruth> truths = new ArrayList<>(skills.length);
    for (int s = 0; s < skills.length; s++) {
      int at = learnedAtAttempt[s];
      truths.add(new SkillTruth(skills[s].skillId(), knownAtStart[s], known[s], attempts[s], at,
          at > 0 ? Instant.ofEpochMilli(learnedAtMillis[s]) : null));
    }
    Instant onset = switch (behaviour) {
      case DISENGAGE, RAPID_GUESS, FORGET, STRUGGLE ->
        onsetDay < plan.days ? Instant.ofEpochMilli(plan.midnight[onsetDay]) : null;
      case WHEEL_SPIN -> wheelSpinOnset == Long.MIN_VALUE ? null : Instant.ofEpochMilli(wheelSpinOnset);
      case NONE -> null;
    };
    return new LearnerTruth(index, email, displayName, actorKey, section, behaviour, onset,
        affectedSkill >= 0 ? skills[affectedSkill].skillId() : null, statements,
        last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last), List.copyOf(truths), forgottenSkills());
  }
}
