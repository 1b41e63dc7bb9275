package org.learnstream.jobs.pipeline;

import java.util.UUID;

/**
 * Response statements shaped as the two open-source LMS exporters write them, with this project's host names.
 *
 * <p>Moodle, xAPI-vle/moodle-logstore_xapi: {@code tests/mod_quiz/attempt_submitted/multichoice/statements.json}
 * (built by {@code src/transformer/events/mod_quiz/attempt_submitted} and
 * {@code src/transformer/utils/get_quiz_question_id.php}): verb answered, the question as
 * {@code /question/question.php?cmid=CM&id=Q}, parents attempt, quiz ({@code /mod/quiz/view.php?id=CM}), section and
 * course, the site as category.
 *
 * <p>Open edX, openedx/event-routing-backends:
 * {@code event_routing_backends/processors/xapi/tests/fixtures/expected/problem_check(server).json} and
 * {@code problem_check(server,multiple_questions,correct).json}: verb evaluated, the problem as an xblock IRI with
 * the course as parent; each question of a multi-question problem as {@code BLOCK_N_1} with the problem as parent and
 * the course as grouping.
 */
final class LmsStatements {

  static final String MOODLE = "http://moodle.example";
  static final String OPENEDX = "http://openedx.example";
  static final String EXTERNAL_ID = "https://w3id.org/learning-analytics/learning-management-system/external-id";

  private LmsStatements() {
  }

  /** A Moodle quiz question answered in quiz (course module) {@code cmid}. */
  static String moodleAnswer(int n, String learner, int cmid, int question, boolean correct) {
    return moodleAnswer(n, learner, cmid, question, correct, null);
  }

  /**
   * The same with the logstore's "Send course and activity ID number" on: the quiz's ID number ({@code idNumber}, as an
   * admin typed it in the quiz settings) and the course's (empty here) in the definition extension external-id, as
   * {@code src/transformer/utils/get_activity/course_module.php} and {@code course.php} write them.
   */
  static String moodleAnswer(int n, String learner, int cmid, int question, boolean correct, String idNumber) {
    String quiz = "{\"type\": \"http://adlnet.gov/expapi/activities/assessment\""
        + (idNumber == null ? "" : ", \"extensions\": {\"" + EXTERNAL_ID + "\": \"" + idNumber + "\"}") + "}";
    String course = "{\"type\": \"https://w3id.org/xapi/cmi5/activitytype/course\""
        + (idNumber == null ? "" : ", \"extensions\": {\"" + EXTERNAL_ID + "\": \"\"}") + "}";
    return """
        {"id": "%s",
         "actor": {"account": {"homePage": "%s", "name": "%s"}, "name": "test_fullname"},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en": "Answered"}},
         "object": {"id": "%s/question/question.php?cmid=%d&id=%d", "objectType": "Activity",
           "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
             "name": {"en": "test_name"}, "description": {"en": "test_question"}}},
         "timestamp": "2026-03-02T09:%02d:00+00:00",
         "context": {"language": "en", "contextActivities": {
           "category": [{"id": "%s", "objectType": "Activity",
             "definition": {"type": "http://id.tincanapi.com/activitytype/lms", "name": {"en": "test_site_fullname"}}}],
           "parent": [
             {"id": "%s/mod/quiz/attempt.php?attempt=1&cmid=%d", "objectType": "Activity",
              "definition": {"type": "http://adlnet.gov/expapi/activities/attempt"}},
             {"id": "%s/mod/quiz/view.php?id=%d", "objectType": "Activity", "definition": %s},
             {"id": "%s/course/section.php?id=1", "objectType": "Activity",
              "definition": {"type": "http://id.tincanapi.com/activitytype/section"}},
             {"id": "%s/course/view.php?id=2", "objectType": "Activity", "definition": %s}]}},
         "result": {"completion": true, "response": "answer-1", "success": %s}}
        """.formatted(id(n), MOODLE, learner, MOODLE, cmid, question, n % 60, MOODLE, MOODLE, cmid, MOODLE, cmid,
        quiz, MOODLE, MOODLE, course, correct);
  }

  /** An Open edX problem check on a single-question problem of {@code course} (e.g. DemoX+Fractions+2026). */
  static String openEdxProblemCheck(int n, String learner, String course, String block, boolean correct) {
    return openEdx(n, learner, problem(course, block),
        "\"parent\": ["
            + activity(OPENEDX + "/course/course-v1:" + course, "http://adlnet.gov/expapi/activities/course")
            + "]",
        correct);
  }

  /** The statement for question {@code q} of a multi-question problem: the problem as parent, the course grouping. */
  static String openEdxQuestionOfProblem(int n, String learner, String course, String block, int q, boolean correct) {
    return openEdx(n, learner, problem(course, block) + "_" + q + "_1",
        "\"parent\": [" + activity(problem(course, block), "http://adlnet.gov/expapi/activities/cmi.interaction")
            + "], \"grouping\": ["
            + activity(OPENEDX + "/course/course-v1:" + course, "http://adlnet.gov/expapi/activities/course") + "]",
        correct);
  }

  static String id(int n) {
    return new UUID(0x2222_0000_0000_4000L, 0x8000_0000_0000_0000L | n).toString();
  }

  private static String problem(String course, String block) {
    return OPENEDX + "/xblock/block-v1:" + course + "+type@problem+block@" + block;
  }

  private static String activity(String id, String type) {
    return "{\"id\": \"" + id + "\", \"objectType\": \"Activity\", \"definition\": {\"type\": \"" + type + "\"}}";
  }

  private static String openEdx(int n, String learner, String object, String contextActivities, boolean correct) {
    return """
        {"id": "%s",
         "actor": {"objectType": "Agent", "account": {"homePage": "%s", "name": "%s"}},
         "verb": {"id": "https://w3id.org/xapi/acrossx/verbs/evaluated", "display": {"en": "evaluated"}},
         "object": {"id": "%s", "objectType": "Activity",
           "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
             "extensions": {"http://id.tincanapi.com/extension/attempt-id": 10}}},
         "context": {"contextActivities": {%s},
           "extensions": {"https://w3id.org/xapi/openedx/extension/transformer-version": "event-routing-backends@1.1.1"}},
         "result": {"score": {"max": 1, "min": 0, "raw": %d, "scaled": %d}, "success": %s},
         "timestamp": "2026-03-02T10:%02d:26.906232+00:00",
         "version": "1.0.3"}
        """
        .formatted(id(n), OPENEDX, learner, object, contextActivities, correct ? 1 : 0, correct ? 1 : 0, correct,
            n % 60);
  }
}
