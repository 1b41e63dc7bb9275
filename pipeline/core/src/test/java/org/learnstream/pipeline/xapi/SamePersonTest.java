package org.learnstream.pipeline.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The identifiers of one person: an mbox and its mbox_sha1sum name the same learner. */
class SamePersonTest {

  /** {@code printf 'mailto:ana@example.org' | sha1sum}. */
  private static final String ANA_SHA1SUM = "0e5544afbb6be286591577af49b31b0187a46ef0";

  @Test
  void anEmailAddressNamesItselfAndTheSha1SumOfItsMailtoIri() {
    ActorIdentifier mbox = ActorIdentifier.mbox("mailto:ana@example.org");

    assertThat(SamePerson.identifiersOf(mbox)).extracting(ActorIdentifier::canonical)
        .containsExactly("mbox:mailto:ana@example.org", "mbox_sha1sum:" + ANA_SHA1SUM);
    assertThat(SamePerson.canonicalsOf(mbox.canonical()))
        .containsExactly("mbox:mailto:ana@example.org", "mbox_sha1sum:" + ANA_SHA1SUM);
  }

  @Test
  void aSha1SumAnOpenIdOrAnAccountNamesOnlyItself() {
    ActorIdentifier sha1 = ActorIdentifier.mboxSha1sum(ANA_SHA1SUM.toUpperCase(java.util.Locale.ROOT));
    ActorIdentifier openid = ActorIdentifier.openid("https://id.example/ana");

    assertThat(SamePerson.identifiersOf(sha1)).containsExactly(sha1);
    assertThat(SamePerson.identifiersOf(openid)).containsExactly(openid);
    assertThat(SamePerson.canonicalsOf("account:https://lms.example|ana")).containsExactly(
        "account:https://lms.example|ana");
  }
}
