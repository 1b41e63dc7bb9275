package org.learnstream.jobs.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Valid statements of many shapes for one version header: each kind of object, actor and context, declared versions,
 * and for 2.0 the members 2.0 added (contextAgents, contextGroups) in statements and sub-statements.
 */
final class HandWrittenStatements {

  private static final String ACTOR = "\"actor\": {\"objectType\": \"Agent\", \"name\": \"Ana\", "
      + "\"mbox\": \"mailto:ana@school.example\"}";
  private static final String ANSWERED = "\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/answered\", "
      + "\"display\": {\"en-US\": \"answered\"}}";
  private static final String QUESTION = "\"object\": {\"id\": \"https://school.example/quiz/1/q/3\"}";
  private static final String CONTEXT_AGENTS = "\"contextAgents\": [{\"objectType\": \"contextAgent\", "
      + "\"agent\": {\"mbox\": \"mailto:tutor@school.example\"}, "
      + "\"relevantTypes\": [\"https://school.example/roles/tutor\"]}]";
  private static final String CONTEXT_GROUPS = "\"contextGroups\": [{\"objectType\": \"contextGroup\", "
      + "\"group\": {\"objectType\": \"Group\", \"name\": \"Team blue\", \"member\": "
      + "[{\"mbox\": \"mailto:bo@school.example\"}, {\"account\": {\"homePage\": \"https://lms.example\", "
      + "\"name\": \"42\"}}]}}]";

  private HandWrittenStatements() {
  }

  /** Statements valid with {@code versionHeader} ("1.0.3" or "2.0.0"). */
  static List<String> forVersion(String versionHeader) {
    List<String> out = new ArrayList<>(List.of(
        statement(ACTOR, ANSWERED, QUESTION, "\"result\": {\"success\": true, \"score\": {\"scaled\": 0.8, "
            + "\"raw\": 8, \"min\": 0, \"max\": 10}, \"duration\": \"PT42.5S\", \"response\": \"b\"}"),
        statement(ACTOR, ANSWERED, "\"object\": {\"id\": \"https://school.example/quiz/1/q/4\", \"definition\": {"
            + "\"type\": \"http://adlnet.gov/expapi/activities/cmi.interaction\", \"interactionType\": \"choice\", "
            + "\"correctResponsesPattern\": [\"a\"], \"choices\": [{\"id\": \"a\", \"description\": {\"en\": \"A\"}}, "
            + "{\"id\": \"b\", \"description\": {\"en\": \"B\"}}]}}",
            "\"result\": {\"success\": false}", "\"timestamp\": \"2026-03-01T10:15:30.250+02:00\""),
        statement(ACTOR, ANSWERED, QUESTION,
            "\"context\": {\"registration\": \"ec531277-b57b-4c15-8d91-d292c5b2b8f7\", "
                + "\"contextActivities\": {\"grouping\": {\"id\": \"https://school.example/course/algebra\"}, "
                + "\"parent\": [{\"id\": \"https://school.example/quiz/1\"}]}, \"platform\": \"Quizzer\", "
                + "\"language\": \"en-GB\", \"instructor\": {\"mbox\": \"mailto:teacher@school.example\"}}"),
        statement("\"actor\": {\"objectType\": \"Group\", \"member\": [{\"mbox\": \"mailto:bo@school.example\"}, "
            + "{\"openid\": \"https://id.example/cy\"}]}",
            "\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/attended\"}",
            "\"object\": {\"id\": \"https://school.example/meetings/7\"}"),
        statement(ACTOR, "\"verb\": {\"id\": \"https://school.example/verbs/mentored\"}",
            "\"object\": {\"objectType\": \"Agent\", \"account\": {\"homePage\": \"https://lms.example\", \"name\": \"7\"}}"),
        statement(ACTOR, "\"verb\": {\"id\": \"https://school.example/verbs/planned\"}", "\"object\": {"
            + "\"objectType\": \"SubStatement\", " + ACTOR + ", " + ANSWERED + ", " + QUESTION + "}"),
        statement(ACTOR, "\"verb\": {\"id\": \"https://school.example/verbs/commented\"}",
            "\"object\": {\"objectType\": \"StatementRef\", \"id\": \"" + "6690e6c9-3ef0-4ed3-8b37-7f3964730bee\"}"),
        statement(ACTOR, ANSWERED, QUESTION, "\"result\": {\"completion\": true}", "\"version\": \"1.0.9\""),
        statement(ACTOR, ANSWERED, QUESTION, "\"timestamp\": \"2026-03-01T08:15:30.601+00:00\"")));
    if (versionHeader.startsWith("2.")) {
      out.add(statement(ACTOR, ANSWERED, QUESTION, "\"context\": {" + CONTEXT_AGENTS + "}"));
      out.add(statement(ACTOR, ANSWERED, QUESTION, "\"context\": {" + CONTEXT_GROUPS + "}", "\"version\": \"2.0.0\""));
      out.add(statement(ACTOR, ANSWERED, QUESTION, "\"context\": {" + CONTEXT_AGENTS + ", " + CONTEXT_GROUPS
          + ", \"registration\": \"ec531277-b57b-4c15-8d91-d292c5b2b8f7\"}", "\"result\": {\"success\": true}"));
      out.add(statement(ACTOR, "\"verb\": {\"id\": \"https://school.example/verbs/planned\"}", "\"object\": {"
          + "\"objectType\": \"SubStatement\", " + ACTOR + ", " + ANSWERED + ", " + QUESTION + ", \"context\": {"
          + CONTEXT_AGENTS + "}}"));
    }
    return out;
  }

  private static String statement(String... members) {
    return "{" + String.join(", ", members) + "}";
  }
}
