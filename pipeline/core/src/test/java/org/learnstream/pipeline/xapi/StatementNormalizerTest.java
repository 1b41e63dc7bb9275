package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.xapi.StatementNormalizer.Accepted;
import org.learnstream.pipeline.xapi.StatementNormalizer.Normalized;
import org.learnstream.pipeline.xapi.StatementNormalizer.Rejected;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

class StatementNormalizerTest {

  private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.US_ASCII);
  private static final long FALLBACK = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

  private final StatementNormalizer normalizer = new StatementNormalizer(new StatementValidator(),
      new Pseudonymizer(KEY), XapiVersion.V1_0_3);

  private static final String FULL = """
      {"id": "6690E6C9-3EF0-4ED3-8B37-7F3964730BEE",
       "actor": {"name": "Ann", "mbox": "mailto:ann@example.com"},
       "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
       "object": {"id": "http://example.com/q/7", "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                  "interactionType": "true-false", "correctResponsesPattern": ["true"]}},
       "result": {"success": true, "score": {"scaled": 0.75}, "duration": "PT1M30.5S"},
       "context": {"registration": "EC531277-B57B-4C15-8D91-D292C5B2B8F7",
                   "contextActivities": {"grouping": [{"id": "http://example.com/course/algebra"}, {"id": "http://example.com/other"}],
                                         "parent": {"id": "http://example.com/section/3b"}}},
       "timestamp": "2024-05-01T12:15:30.250+02:00",
       "stored": "2024-05-01T10:16:00Z"}""";

  private LearningEvent accept(String tenant, String json) {
    Normalized result = normalizer.normalize(tenant, json.getBytes(StandardCharsets.UTF_8), FALLBACK);
    assertThat(result).isInstanceOf(Accepted.class);
    return ((Accepted) result).event();
  }

  private Violation reject(String json) {
    Normalized result = normalizer.normalize("t1", json.getBytes(StandardCharsets.UTF_8), FALLBACK);
    assertThat(result).isInstanceOf(Rejected.class);
    return ((Rejected) result).violation();
  }

  private static String hmacPseudonym(String tenant, String ifi) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal((tenant + "|" + ifi).getBytes(StandardCharsets.UTF_8))).substring(0,
        32);
  }

  @Test
  void mapsEveryFieldOfAResponseStatement() throws Exception {
    LearningEvent e = accept("district-9", FULL);
    assertThat(e.getStatementId()).isEqualTo("6690e6c9-3ef0-4ed3-8b37-7f3964730bee");
    assertThat(e.getTenant()).isEqualTo("district-9");
    assertThat(e.getLearner()).isEqualTo(hmacPseudonym("district-9", "mbox:mailto:ann@example.com"));
    assertThat(e.getKind()).isEqualTo(EventKind.RESPONSE);
    assertThat(e.getVerb()).isEqualTo("http://adlnet.gov/expapi/verbs/answered");
    assertThat(e.getObjectId()).isEqualTo("http://example.com/q/7");
    assertThat(e.getObjectType()).isEqualTo("Activity");
    assertThat(e.getActivityType()).isEqualTo("http://adlnet.gov/expapi/activities/cmi.interaction");
    assertThat(e.getSkills()).containsExactly("http://example.com/q/7");
    assertThat(e.getSuccess()).isTrue();
    assertThat(e.getScoreScaled()).isEqualTo(0.75);
    assertThat(e.getDurationMs()).isEqualTo(90_500L);
    assertThat(e.getRegistration()).isEqualTo("ec531277-b57b-4c15-8d91-d292c5b2b8f7");
    assertThat(e.getCourse()).isEqualTo("http://example.com/course/algebra");
    assertThat(e.getSection()).isEqualTo("http://example.com/section/3b");
    assertThat(e.getVoidedStatementId()).isNull();
    assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2024-05-01T10:15:30.250Z"));
    assertThat(e.getStored()).isEqualTo(Instant.parse("2024-05-01T10:16:00Z"));
    assertThat(e.getStatementJson()).isEqualTo(FULL);
  }

  @Test
  void mapsAStatementWithoutResultAsActivityWithEmptyOptionalFields() {
    LearningEvent e = accept("t1", TestStatements.minimal().toString());
    assertThat(e.getKind()).isEqualTo(EventKind.ACTIVITY);
    assertThat(e.getSuccess()).isNull();
    assertThat(e.getScoreScaled()).isNull();
    assertThat(e.getDurationMs()).isNull();
    assertThat(e.getRegistration()).isNull();
    assertThat(e.getCourse()).isNull();
    assertThat(e.getSection()).isNull();
    assertThat(e.getActivityType()).isNull();
  }

  @Test
  void usesStoredThenTheFallbackWhenTimestampIsMissing() {
    String withStored = TestStatements.with(TestStatements.minimal(), "stored", "\"2024-02-03T04:05:06.007Z\"")
        .toString();
    LearningEvent stored = accept("t1", withStored);
    assertThat(stored.getTimestamp()).isEqualTo(Instant.parse("2024-02-03T04:05:06.007Z"));
    assertThat(stored.getStored()).isEqualTo(Instant.parse("2024-02-03T04:05:06.007Z"));

    LearningEvent bare = accept("t1", TestStatements.minimal().toString());
    assertThat(bare.getTimestamp()).isEqualTo(Instant.ofEpochMilli(FALLBACK));
    assertThat(bare.getStored()).isEqualTo(Instant.ofEpochMilli(FALLBACK));
  }

  @Test
  void givesTheSameLearnerForTheSameIdentifierAndDifferentLearnersAcrossTenants() {
    String a = TestStatements.with(TestStatements.minimal(), "actor.name", "\"Ann A.\"").toString();
    String b = TestStatements.with(TestStatements.minimal(), "object.id", "\"http://example.com/other\"").toString();
    assertThat(accept("t1", a).getLearner()).isEqualTo(accept("t1", b).getLearner());
    assertThat(accept("t1", a).getLearner()).isNotEqualTo(accept("t2", a).getLearner());
  }

  @Test
  void pseudonymisesAccountsAndIdentifiedGroupsByTheirCanonicalIdentifier() throws Exception {
    String account = TestStatements.with(TestStatements.minimal(), "actor",
        "{\"account\": {\"homePage\": \"https://lms\", \"name\": \"u17\"}}").toString();
    assertThat(accept("t1", account).getLearner()).isEqualTo(hmacPseudonym("t1", "account:https://lms|u17"));
    String group = TestStatements.with(TestStatements.minimal(), "actor",
        "{\"objectType\": \"Group\", \"mbox\": \"mailto:team@x.org\", \"member\": [{\"mbox\": \"mailto:a@x.org\"}]}")
        .toString();
    assertThat(accept("t1", group).getLearner()).isEqualTo(hmacPseudonym("t1", "mbox:mailto:team@x.org"));
  }

  @Test
  void givesAStatementWithoutIdADeterministicNameBasedId() {
    String compact = "{\"actor\":{\"mbox\":\"mailto:a@x.org\"},\"verb\":{\"id\":\"http://x.org/v\"},"
        + "\"object\":{\"id\":\"http://x.org/o\"}}";
    String reordered = "{ \"object\": {\"id\": \"http://x.org/o\"}, \"verb\": {\"id\": \"http://x.org/v\"},\n"
        + "  \"actor\": {\"mbox\": \"mailto:a@x.org\"} }";
    String first = accept("t1", compact).getStatementId();
    assertThat(UUID.fromString(first).version()).isEqualTo(3);
    assertThat(accept("t1", compact).getStatementId()).isEqualTo(first);
    assertThat(accept("t1", reordered).getStatementId()).isEqualTo(first);
    assertThat(accept("t2", compact).getStatementId()).isNotEqualTo(first);
    String expected = UUID.nameUUIDFromBytes(("t1|" + compact.replace("{\"actor\":{\"mbox\":\"mailto:a@x.org\"},"
        + "\"verb\":{\"id\":\"http://x.org/v\"},\"object\":{\"id\":\"http://x.org/o\"}}",
        "{\"actor\":{\"mbox\":\"mailto:a@x.org\"},\"object\":{\"id\":\"http://x.org/o\"},"
            + "\"verb\":{\"id\":\"http://x.org/v\"}}"))
        .getBytes(StandardCharsets.UTF_8)).toString();
    assertThat(first).isEqualTo(expected);
  }

  @Test
  void rejectsMalformedJsonWithRuleJsonSyntax() {
    Violation v = reject("{\"actor\": ");
    assertThat(v.path()).isEqualTo("$");
    assertThat(v.rule()).isEqualTo("json.syntax");
    assertThat(reject("").rule()).isEqualTo("json.syntax");
    assertThat(reject("{} {}").rule()).isEqualTo("json.syntax");
    assertThat(reject("{\"id\": \"a\", \"id\": \"b\"}").rule()).isEqualTo("json.syntax");
  }

  @Test
  void rejectsARepeatedMemberNamingItAndWhereItStands() {
    String statement = TestStatements.minimal().toString();
    String repeated = statement.substring(0, statement.length() - 1) + ",\"verb\":{\"id\":\"http://x.org/v\"}}";
    Violation v = reject(repeated);
    assertThat(v.path()).isEqualTo("$");
    assertThat(v.rule()).isEqualTo("json.syntax");
    assertThat(v.message()).startsWith("is not valid JSON: Duplicate field 'verb'").contains(" at line 1, column ")
        .doesNotContain("DeserializationFeature");
  }

  @Test
  void rejectsAMemberRepeatedDeepInsideTheStatement() {
    String statement = TestStatements.with(TestStatements.minimal(), "result.score", "{\"raw\":1}").toString()
        .replace("{\"raw\":1}", "{\"raw\":1,\"min\":0,\"raw\":2}");
    assertThat(reject(statement).message()).startsWith("is not valid JSON: Duplicate field 'raw'");
  }

  @Test
  void reportsARepeatedMemberRatherThanTheMalformedValueAfterIt() {
    assertThat(reject("{\"id\": \"a\", \"id\": tru}").message())
        .startsWith("is not valid JSON: Duplicate field 'id'");
    assertThat(reject("{\"id\": \"a\", \"version\": tru}").message())
        .startsWith("is not valid JSON: Unrecognized token 'tru'");
  }

  @Test
  void rejectsAnInvalidStatementWithItsFirstViolation() {
    Violation v = reject(TestStatements.with(TestStatements.minimal(), "actor.mbox", "\"ann@example.com\"").toString());
    assertThat(v.describe()).isEqualTo("$.actor.mbox: must be a mailto: IRI with an email address, e.g. "
        + "mailto:learner@example.com, got \"ann@example.com\" (rule mbox.mailto)");
  }

  @Test
  void mapsAVoidingStatement() {
    String voiding = """
        {"actor": {"mbox": "mailto:teacher@example.com"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
         "object": {"objectType": "StatementRef", "id": "E05AA883-ACAF-40AD-BF54-02C8CE485FB0"}}""";
    LearningEvent e = accept("t1", voiding);
    assertThat(e.getKind()).isEqualTo(EventKind.VOIDING);
    assertThat(e.getVoidedStatementId()).isEqualTo("e05aa883-acaf-40ad-bf54-02c8ce485fb0");
    assertThat(e.getObjectType()).isEqualTo("StatementRef");
    assertThat(e.getObjectId()).isEqualTo("e05aa883-acaf-40ad-bf54-02c8ce485fb0");
    assertThat(e.getSkills()).isEmpty();
  }

  @Test
  void takesSkillsFromTheSkillsContextExtension() {
    String statement = TestStatements.with(TestStatements.minimal(), "context.extensions",
        "{\"https://learnstream.org/xapi/extensions/skills\": [\"fractions.add\", \"fractions.compare\"]}").toString();
    assertThat(accept("t1", statement).getSkills()).containsExactly("fractions.add", "fractions.compare");
  }

  @Test
  void namesAnAgentObjectByItsPseudonymNotItsIdentifierAndGivesItNoSkills() {
    String statement = TestStatements.with(TestStatements.minimal(), "object",
        "{\"objectType\": \"Agent\", \"mbox\": \"mailto:peer@x.org\"}").toString();
    LearningEvent e = accept("t1", statement);
    assertThat(e.getObjectId()).isEqualTo(new Pseudonymizer(KEY).learnerId("t1", "mbox:mailto:peer@x.org"))
        .doesNotContain("peer");
    assertThat(e.getObjectType()).isEqualTo("Agent");
    assertThat(e.getSkills()).isEmpty();
  }

  @Test
  void differentKeysGiveUnrelatedPseudonyms() {
    var other = new Pseudonymizer("another-key-of-enough-length".getBytes(StandardCharsets.US_ASCII));
    String ifi = "mbox:mailto:ann@example.com";
    assertThat(other.learnerId("t1", ifi)).hasSize(32).matches("[0-9a-f]{32}")
        .isNotEqualTo(new Pseudonymizer(KEY).learnerId("t1", ifi));
    assertThat(Pseudonymizer.unkeyed().learnerId("t1", ifi)).isEqualTo(Pseudonymizer.unkeyed().learnerId("t1", ifi));
  }

  @Test
  void refusesAPseudonymisationKeyShorterThanSixteenBytes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pseudonymizer(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
  }

  @Test
  void givesAnAnonymousGroupTheSameLearnerWhateverTheMemberOrder() throws Exception {
    String ab = TestStatements.with(TestStatements.minimal(), "actor", "{\"objectType\": \"Group\", \"member\": ["
        + "{\"mbox\": \"mailto:b@x.org\"}, {\"mbox\": \"mailto:a@x.org\"}]}").toString();
    String ba = TestStatements.with(TestStatements.minimal(), "actor", "{\"objectType\": \"Group\", \"member\": ["
        + "{\"mbox\": \"mailto:a@x.org\"}, {\"mbox\": \"mailto:b@x.org\"}]}").toString();
    assertThat(accept("t1", ab).getLearner()).isEqualTo(accept("t1", ba).getLearner())
        .isEqualTo(hmacPseudonym("t1", "group:mbox:mailto:a@x.org,mbox:mailto:b@x.org"));
  }

  private static final String CONTEXT_GROUPS = """
      [{"objectType": "contextGroup", "group": {"objectType": "Group", "mbox": "mailto:team@x.org",
        "member": [{"mbox": "mailto:a@x.org"}]}, "relevantTypes": ["http://example.com/types/team"]}]""";

  @Test
  void holdsAStatementDeclaringVersionTwoToTheTwoDotZeroRules() {
    String statement = TestStatements.with(TestStatements.with(TestStatements.minimal(), "version", "\"2.0.0\""),
        "context.contextGroups", CONTEXT_GROUPS).toString();
    assertThat(accept("t1", statement).getVerb()).isEqualTo(TestStatements.minimal().get("verb").get("id").asText());
  }

  @Test
  void holdsAStatementWithoutVersionToTheRulesItWasBuiltWith() {
    String statement = TestStatements.with(TestStatements.minimal(), "context.contextGroups", CONTEXT_GROUPS)
        .toString();
    assertThat(reject(statement)).extracting(Violation::path, Violation::rule)
        .containsExactly("$.context.contextGroups", "property.unknown");
    var forTwoDotZero = new StatementNormalizer(new StatementValidator(), new Pseudonymizer(KEY), XapiVersion.V2_0_0);
    assertThat(forTwoDotZero.normalize("t1", statement.getBytes(StandardCharsets.UTF_8), FALLBACK))
        .isInstanceOf(Accepted.class);
  }

  @Test
  void refusesAVersionTwoStatementThatBreaksAContextAgentRule() {
    String statement = TestStatements.with(TestStatements.with(TestStatements.minimal(), "version", "\"2.0.0\""),
        "context.contextAgents", "[{\"objectType\": \"contextAgent\", \"agent\": {\"mbox\": \"mailto:a@x.org\"},"
            + " \"relevantTypes\": []}]")
        .toString();
    assertThat(reject(statement)).extracting(Violation::path, Violation::rule)
        .containsExactly("$.context.contextAgents[0].relevantTypes", "context.relevant-types");
  }
  @Test
  void tellsThePeopleItNamesOfEveryOtherPersonInTheStatementDatedAsTheActor() {
    String statement = TestStatements.with(TestStatements.with(TestStatements.minimal(), "version", "\"2.0.0\""),
        "context.contextGroups", CONTEXT_GROUPS).toString();
    java.util.List<String> told = new java.util.ArrayList<>();
    java.util.List<Long> dated = new java.util.ArrayList<>();
    LearnerPseudonyms people = new LearnerPseudonyms() {
      @Override
      public String actor(String tenant, String canonicalIfi, long datedMillis) {
        dated.add(datedMillis);
        return "actor";
      }

      @Override
      public String named(String tenant, String canonicalIfi, long datedMillis) {
        return "named";
      }

      @Override
      public void mentioned(String tenant, String canonicalIfi, long datedMillis) {
        told.add(tenant + " " + canonicalIfi);
        dated.add(datedMillis);
      }
    };

    assertThat(normalizer.normalize("t1", statement.getBytes(StandardCharsets.UTF_8), FALLBACK, people))
        .isInstanceOf(Accepted.class);
    assertThat(told).containsExactly("t1 mbox:mailto:team@x.org", "t1 mbox:mailto:a@x.org");
    assertThat(dated).hasSize(3).containsOnly(dated.get(0));
  }
}
