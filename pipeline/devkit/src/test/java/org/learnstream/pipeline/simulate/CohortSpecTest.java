package org.learnstream.pipeline.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CohortSpecTest {

  @Test
  void rejectsATenantThatCannotBePartOfAnEmailDomain() {
    assertThatThrownBy(() -> CohortSpec.demo().withTenant("My School"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CohortSpec.tenant");
  }

  @Test
  void rejectsAProbabilityOutsideZeroToOne() {
    assertThatThrownBy(() -> SkillSpec.of("fractions.add", "Adding fractions", 0.2, 1.3, 0.2, 0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fractions.add.learn");
  }

  @Test
  void rejectsGuessAndSlipThatMakeKnowingUseless() {
    assertThatThrownBy(() -> SkillSpec.of("fractions.add", "Adding fractions", 0.2, 0.2, 0.6, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guess + slip");
  }

  @Test
  void rejectsDuplicateSkillIds() {
    SkillSpec skill = SkillSpec.of("fractions.add", "Adding fractions", 0.2, 0.2, 0.2, 0.1);
    assertThatThrownBy(() -> CohortSpec.demo().withSkills(List.of(skill, skill)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }

  @Test
  void rejectsBehaviourSharesAddingUpToMoreThanEveryone() {
    assertThatThrownBy(() -> new BehaviourMix(0.5, 0.4, 0.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1");
  }

  @Test
  void defaultSkillsHaveHumanNamesAndDistinctIds() {
    List<SkillSpec> skills = SkillCatalog.defaults(1, 20);
    assertThat(skills).hasSize(20);
    assertThat(skills.stream().map(SkillSpec::skillId).distinct()).hasSize(20);
    assertThat(skills.get(0).skillId()).isEqualTo("fractions.add");
    assertThat(skills.get(0).name()).isEqualTo("Adding fractions");
    assertThat(skills).allSatisfy(s -> assertThat(s.guess()).isLessThan(0.5));
  }
}
