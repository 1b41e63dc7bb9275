package org.learnstream.pipeline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.simulate.CohortSimulator;

class AlertEvaluationTest {

    @Test
    void theInjectedBehavioursAreFoundWithHighRecallAndPrecision() {
        AlertEvaluation.Result result = AlertEvaluation.evaluate(new CohortSimulator(AlertCohorts.evaluation()), WarningRules.defaults());
        result.rules().forEach(r -> System.out.println(r.line()));
        for (Rule rule : new Rule[] {Rule.INACTIVITY, Rule.WHEEL_SPINNING, Rule.RAPID_GUESSING}) {
            AlertEvaluation.RuleFigures f = result.rule(rule);
            assertThat(f.positives()).as("%s positives", rule).isGreaterThanOrEqualTo(10);
            assertThat(f.recall()).as("%s recall", rule).isGreaterThanOrEqualTo(0.9);
            assertThat(f.precision()).as("%s precision", rule).isGreaterThanOrEqualTo(0.8);
            assertThat(f.medianLeadTime()).as("%s lead time", rule).isNotNull().isPositive();
        }
    }
}
