package org.learnstream.jobs.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.learnstream.pipeline.xapi.ActorIdentifier;
import picocli.CommandLine.Option;

/**
 * The options that name one learner, by an xAPI identifier or by pseudonym, as {@code erase} and {@code export} take
 * them. Each verb says in its own words which of them it needs: these only read what was given.
 */
final class LearnerNameOptions {

  @Option(names = "--mbox", paramLabel = "ADDRESS", description = "The actor's e-mail (mailto:name@example.org).")
  String mbox;
  @Option(names = "--mbox-sha1sum", paramLabel = "HEX", description = "The SHA-1 of the actor's mailto: IRI.")
  String mboxSha1sum;
  @Option(names = "--openid", paramLabel = "IRI", description = "The actor's OpenID.")
  String openid;
  @Option(names = "--account-homepage", paramLabel = "IRI", description = "The home page of the actor's account.")
  String accountHomePage;
  @Option(names = "--account-name", paramLabel = "NAME", description = "The name of the actor's account.")
  String accountName;
  @Option(names = "--pseudonym", paramLabel = "ID",
      description = "The learner's pseudonym (32 hex digits, the learner column of every table).")
  String pseudonym;

  /** How many ways of naming the learner were given: an account's home page and name are one. */
  int given() {
    int given = 0;
    for (String option : new String[] {mbox, mboxSha1sum, openid, pseudonym}) {
      given += option == null ? 0 : 1;
    }
    return given + (accountHomePage != null || accountName != null ? 1 : 0);
  }

  /**
   * Each identifier given, checked by {@link ActorIdentifier}'s rules (an e-mail address with or without
   * {@code mailto:}); refuses half an account.
   */
  List<ActorIdentifier> identifiers() {
    List<ActorIdentifier> given = new ArrayList<>();
    if (mbox != null) {
      given.add(ActorIdentifier.mbox(mbox));
    }
    if (mboxSha1sum != null) {
      given.add(ActorIdentifier.mboxSha1sum(mboxSha1sum));
    }
    if (openid != null) {
      given.add(ActorIdentifier.openid(openid));
    }
    if (accountHomePage != null || accountName != null) {
      if (accountHomePage == null || accountName == null) {
        throw new IllegalArgumentException("an account needs both --account-homepage and --account-name");
      }
      given.add(ActorIdentifier.account(accountHomePage, accountName));
    }
    return given;
  }

  /** The identifiers given as an xAPI agent object, unchecked, for the statement rules to judge. */
  ObjectNode agent() {
    ObjectNode agent = JsonNodeFactory.instance.objectNode();
    if (mbox != null) {
      agent.put("mbox", mbox);
    }
    if (mboxSha1sum != null) {
      agent.put("mbox_sha1sum", mboxSha1sum);
    }
    if (openid != null) {
      agent.put("openid", openid);
    }
    if (accountName != null || accountHomePage != null) {
      ObjectNode account = agent.putObject("account");
      if (accountName != null) {
        account.put("name", accountName);
      }
      if (accountHomePage != null) {
        account.put("homePage", accountHomePage);
      }
    }
    return agent;
  }
}
