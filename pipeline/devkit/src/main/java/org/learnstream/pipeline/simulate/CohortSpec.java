package org.learnstream.pipeline.simulate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A simulated cohort. Day 0 is the local date of {@code start} in {@code zone}; the cohort runs
 * {@code days} calendar days, practising on Monday-Friday. Learner i belongs to section i mod {@code sections}.
 */
public record CohortSpec(long seed, String tenant, int learners, List<SkillSpec> skills, int days, Instant start,
    ZoneId zone, int sections, BehaviourMix behaviours, Practice practice) {

  /** The tenant becomes part of e-mail domains and IRIs. */
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** Monday 2 March 2026, 00:00 UTC. */
  public static final Instant DEMO_START = Instant.parse("2026-03-02T00:00:00Z");

  public CohortSpec {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException("CohortSpec.tenant '" + tenant
          + "' must be 1-63 lower-case letters, digits or '-' (it becomes part of e-mail domains and IRIs), e.g. demo");
    }
    if (learners < 1 || learners > 10_000_000) {
      throw new IllegalArgumentException("CohortSpec.learners must be in [1, 10000000] (was " + learners + ")");
    }
    if (skills == null || skills.isEmpty()) {
      throw new IllegalArgumentException("CohortSpec.skills must name at least one skill");
    }
    skills = List.copyOf(skills);
    Set<String> ids = new HashSet<>();
    for (SkillSpec s : skills) {
      if (!ids.add(s.skillId())) {
        throw new IllegalArgumentException(
            "CohortSpec.skills lists skill id " + s.skillId() + " twice; skill ids must be unique");
      }
    }
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("CohortSpec.days must be in [1, 3660] (was " + days + ")");
    }
    if (start == null) {
      throw new IllegalArgumentException("CohortSpec.start must be set (the first day of the cohort)");
    }
    if (zone == null) {
      throw new IllegalArgumentException("CohortSpec.zone must be set (school hours are local to it)");
    }
    if (sections < 1 || sections > learners) {
      throw new IllegalArgumentException(
          "CohortSpec.sections must be in [1, learners=" + learners + "] (was " + sections + ")");
    }
    if (behaviours == null) {
      throw new IllegalArgumentException("CohortSpec.behaviours must be set (BehaviourMix.none() for none)");
    }
    if (practice == null) {
      throw new IllegalArgumentException("CohortSpec.practice must be set (Practice.typical() for the default)");
    }
  }

  /**
   * The demo cohort: tenant "demo", 200 learners in 8 sections, the 10 default skills, 14 days from
   * Monday 2 March 2026 (UTC), 5 % of learners each disengaging, wheel-spinning and rapid-guessing.
   */
  public static CohortSpec demo() {
    return new CohortSpec(20260302L, "demo", 200, SkillCatalog.defaults(20260302L, 10), 14, DEMO_START,
        ZoneOffset.UTC, 8, BehaviourMix.typical(), Practice.typical());
  }

  /** A cohort with default skills, one section per 25 learners, typical practice and no at-risk behaviours. */
  public static CohortSpec of(long seed, String tenant, int learners, int skillsCount, int days) {
    return new CohortSpec(seed, tenant, learners, SkillCatalog.defaults(seed, skillsCount), days, DEMO_START,
        ZoneOffset.UTC, Math.max(1, (learners + 24) / 25), BehaviourMix.none(), Practice.typical());
  }

  public int skillsCount() {
    return skills.size();
  }

  public CohortSpec withSeed(long newSeed) {
    return new CohortSpec(newSeed, tenant, learners, skills, days, start, zone, sections, behaviours, practice);
  }

  public CohortSpec withTenant(String newTenant) {
    return new CohortSpec(seed, newTenant, learners, skills, days, start, zone, sections, behaviours, practice);
  }

  /** Changes the number of learners; sections shrink with them if needed. */
  public CohortSpec withLearners(int newLearners) {
    return new CohortSpec(seed, tenant, newLearners, skills, days, start, zone,
        Math.min(sections, Math.max(1, newLearners)),
        behaviours, practice);
  }

  public CohortSpec withSkills(List<SkillSpec> newSkills) {
    return new CohortSpec(seed, tenant, learners, newSkills, days, start, zone, sections, behaviours, practice);
  }

  public CohortSpec withDays(int newDays) {
    return new CohortSpec(seed, tenant, learners, skills, newDays, start, zone, sections, behaviours, practice);
  }

  public CohortSpec withStart(Instant newStart) {
    return new CohortSpec(seed, tenant, learners, skills, days, newStart, zone, sections, behaviours, practice);
  }

  /**
   * Moves the cohort so that its last day is the day before the local date of {@code moment}, e.g. to
   * show recent activity in dashboards; nothing happens on or after that date.
   */
  public CohortSpec endingBefore(Instant moment) {
    LocalDate first = LocalDate.ofInstant(moment, zone).minusDays(days);
    return withStart(first.atStartOfDay(zone).toInstant());
  }

  public CohortSpec withZone(ZoneId newZone) {
    return new CohortSpec(seed, tenant, learners, skills, days, start, newZone, sections, behaviours, practice);
  }

  public CohortSpec withSections(int newSections) {
    return new CohortSpec(seed, tenant, learners, skills, days, start, zone, newSections, behaviours, practice);
  }

  public CohortSpec withBehaviours(BehaviourMix newBehaviours) {
    return new CohortSpec(seed, tenant, learners, skills, days, start, zone, sections, newBehaviours, practice);
  }
}
