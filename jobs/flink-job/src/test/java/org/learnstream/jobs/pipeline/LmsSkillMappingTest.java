package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.learnstream.jobs.pipeline.LmsStatements.id;
import static org.learnstream.jobs.pipeline.LmsStatements.moodleAnswer;
import static org.learnstream.jobs.pipeline.LmsStatements.openEdxProblemCheck;
import static org.learnstream.jobs.pipeline.LmsStatements.openEdxQuestionOfProblem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.config.WatchedFile;
import org.learnstream.pipeline.catalog.SkillRules;
import org.learnstream.pipeline.kafka.RawStatement;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.SkillMapping;

/**
 * Statements shaped as Moodle's and Open edX's exporters write them ({@link LmsStatements} names the fixtures they
 * follow) through the normaliser and the skill fan-out with the rules file {@code lms/skill-rules.yaml}.
 */
class LmsSkillMappingTest {

  private static final String DEMO = "DemoX+Fractions+2026";

  @TempDir
  Path dir;

  @Test
  void moodleAndOpenEdxResponsesAreTracedUnderTheSkillsOfTheFirstRuleTheyMatch() throws Exception {
    List<String> statements = List.of(
        moodleAnswer(1, "11", 7, 101, true),
        moodleAnswer(2, "11", 7, 102, false),
        moodleAnswer(3, "12", 7, 101, true),
        moodleAnswer(4, "11", 9, 201, true),
        moodleAnswer(5, "12", 9, 202, false),
        moodleAnswer(6, "11", 70, 301, true), // quiz 70: no rule, though its cmid starts with 7
        openEdxProblemCheck(7, "a1", DEMO, "3fc5461f86764ad7bdbdf6cbdde61e66", false),
        openEdxProblemCheck(8, "a2", DEMO, "3fc5461f86764ad7bdbdf6cbdde61e66", true),
        openEdxQuestionOfProblem(9, "a1", DEMO, "a0effb954cca4759994f1ac9e9434bf4", 2, true),
        openEdxQuestionOfProblem(10, "a1", DEMO, "a0effb954cca4759994f1ac9e9434bf4", 3, false),
        openEdxProblemCheck(11, "a1", "DemoX+Chemistry+2026", "b00000000000000000000000000000c1", true));

    List<LearningEvent> responses = normalise(statements);
    Map<String, List<String>> skills = skillsByStatement(fanOut(responses, rulesFile(resourceRules(), 60_000)));

    long mapped = responses.stream()
        .filter(r -> !skills.get(r.getStatementId()).equals(List.of(r.getObjectId()))).count();
    System.out.printf("responses mapped to skills by the rules: %d of %d (%.0f%%)%n", mapped, responses.size(),
        100.0 * mapped / responses.size());
    assertThat(responses).hasSize(statements.size());
    assertThat(mapped).isEqualTo(9);
    assertThat(skills.get(id(1))).containsExactly("fractions.equivalence");
    assertThat(skills.get(id(2))).containsExactly("fractions.equivalence");
    assertThat(skills.get(id(4))).containsExactly("fractions.adding", "fractions.equivalence");
    assertThat(skills.get(id(6))).containsExactly("http://moodle.example/question/question.php?cmid=70&id=301");
    assertThat(skills.get(id(7))).containsExactly("fractions.comparing");
    assertThat(skills.get(id(9))).containsExactly("fractions.comparing");
    assertThat(skills.get(id(11))).hasSize(1).allMatch(s -> s.contains("DemoX+Chemistry+2026"));
  }

  @Test
  void anEditedRulesFileMapsTheResponsesThatFollowAndABrokenEditKeepsTheLastGoodRules() throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "version: '1'\nrules:\n  - activity: 'http://moodle.example/*'\n    skills: [first]\n");
    WatchedFile<SkillRules> rules = rulesFile(file, 0);
    List<LearningEvent> responses = normalise(List.of(moodleAnswer(1, "11", 7, 101, true),
        moodleAnswer(2, "11", 7, 102, true), moodleAnswer(3, "11", 7, 103, true)));
    SkillFanOut fanOut = new SkillFanOut(List.of(), rules);

    try (BroadcastOperatorTestHarness<LearningEvent, SkillMapping, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forBroadcastProcessFunction(fanOut, SkillFanOut.CATALOG)) {
      harness.processElement(responses.get(0), 0L);
      rewrite(file, "version: '2'\nrules:\n  - activity: 'http://moodle.example/*'\n    skills: [second]\n", 1);
      harness.processElement(responses.get(1), 0L);
      rewrite(file, "version: '3'\nrules:\n  - activity: 'http://moodle.example/*'\n", 2);
      harness.processElement(responses.get(2), 0L);

      assertThat(harness.extractOutputValues()).extracting(e -> e.getSkills().get(0))
          .containsExactly("first", "second", "second");
    }
  }

  @Test
  void aBadRuleStopsTheStartNamingTheFileTheRuleAndTheField() throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "version: '1'\nrules:\n  - activity: 'http://moodle.example/*'\n    skills: [s]\n"
        + "  - context: {parent: 'http://moodle.example/mod/quiz/view.php?id=9'}\n    skill: [s]\n");
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.SKILL_RULES_FILE, file.toString());

    assertThatThrownBy(() -> SkillRulesFile.watched(settings))
        .hasMessage("skill rules " + file + ": rules[1]: unknown field 'skill'; use activity, activityType, "
            + "context, idNumber, skills, skillsFrom");
  }

  private static List<LearningEvent> normalise(List<String> statements) throws Exception {
    try (OneInputStreamOperatorTestHarness<RawStatement, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forProcessFunction(new NormaliseStatements("school"))) {
      for (int i = 0; i < statements.size(); i++) {
        harness.processElement(new RawStatement("school", statements.get(i).getBytes(StandardCharsets.UTF_8),
            "xapi.statements", 0, i, 0L), 0L);
      }
      return harness.extractOutputValues();
    }
  }

  private static List<LearningEvent> fanOut(List<LearningEvent> events, WatchedFile<SkillRules> rules)
      throws Exception {
    try (BroadcastOperatorTestHarness<LearningEvent, SkillMapping, LearningEvent> harness = ProcessFunctionTestHarnesses
        .forBroadcastProcessFunction(new SkillFanOut(List.of(), rules),
            SkillFanOut.CATALOG)) {
      for (LearningEvent event : events) {
        harness.processElement(event, 0L);
      }
      List<LearningEvent> out = harness.extractOutputValues();
      assertThat(out).allMatch(e -> e.getStatementJson() == null);
      return out;
    }
  }

  private static Map<String, List<String>> skillsByStatement(List<LearningEvent> perSkill) {
    Map<String, List<String>> skills = new LinkedHashMap<>();
    for (LearningEvent event : perSkill) {
      skills.computeIfAbsent(event.getStatementId(), id -> new ArrayList<>()).add(event.getSkills().get(0));
    }
    return skills;
  }

  private Path resourceRules() throws Exception {
    Path file = dir.resolve("skill-rules.yaml");
    try (var in = LmsSkillMappingTest.class.getResourceAsStream("/lms/skill-rules.yaml")) {
      Files.copy(in, file);
    }
    return file;
  }

  private static WatchedFile<SkillRules> rulesFile(Path file, long checkEveryMillis) {
    Configuration settings = new Configuration();
    settings.set(PipelineOptions.SKILL_RULES_FILE, file.toString());
    settings.set(PipelineOptions.SKILL_RULES_CHECK, java.time.Duration.ofMillis(checkEveryMillis));
    return SkillRulesFile.watched(settings);
  }

  /** A new modification time too, since two writes within the file system's time resolution would look unchanged. */
  private static void rewrite(Path file, String text, int secondsLater) throws Exception {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + secondsLater * 1000L));
  }
}
