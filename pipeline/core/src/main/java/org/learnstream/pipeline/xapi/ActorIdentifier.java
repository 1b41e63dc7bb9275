package org.learnstream.pipeline.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A learner's inverse functional identifier as an operator types it (for an erasure request), checked by the rules
 * xAPI sets for it; a refusal names the option and the rule, not the value (an identifier is personal data). {@link #canonical()} is the text the normaliser pseudonymises, so
 * {@code pseudonymizer.learnerId(tenant, id.canonical())} is the learner's pseudonym. {@link #mentions()} are the
 * strings whose presence marks a stored text as mentioning the learner: every one of them must occur (an account
 * name alone is often too short to tell a learner apart, with its home page it is not).
 */
public record ActorIdentifier(String kind, String canonical, List<String> mentions) {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code mailto:} address, or the bare address. */
  public static ActorIdentifier mbox(String mbox) {
    String address = mbox.startsWith("mailto:") ? mbox.substring("mailto:".length()) : mbox;
    if (!EMAIL.matcher(address).matches()) {
      throw new Malformed("--mbox", "mbox", "must be an e-mail address (mailto:name@example.org)");
    }
    return new ActorIdentifier("mbox", canonicalOf(JSON.createObjectNode().put("mbox", "mailto:" + address)),
        List.of(address));
  }

  public static ActorIdentifier mboxSha1sum(String sha1) {
    if (!SHA1.matcher(sha1).matches()) {
      throw new Malformed("--mbox-sha1sum", "mbox_sha1sum", "must be 40 hexadecimal digits (the SHA-1 of the "
          + "mailto: IRI)");
    }
    String lower = sha1.toLowerCase(Locale.ROOT);
    return new ActorIdentifier("mbox_sha1sum", canonicalOf(JSON.createObjectNode().put("mbox_sha1sum", sha1)),
        List.of(lower));
  }

  public static ActorIdentifier openid(String openid) {
    requireAbsoluteIri("--openid", "openid", openid);
    return new ActorIdentifier("openid", canonicalOf(JSON.createObjectNode().put("openid", openid)), List.of(openid));
  }

  public static ActorIdentifier account(String homePage, String name) {
    requireAbsoluteIri("--account-homepage", "account.homePage", homePage);
    if (name == null || name.isBlank()) {
      throw new Malformed("--account-name", "account.name", "must not be empty (the account's name at its home "
          + "page)");
    }
    com.fasterxml.jackson.databind.node.ObjectNode agent = JSON.createObjectNode();
    agent.putObject("account").put("homePage", homePage).put("name", name);
    return new ActorIdentifier("account", canonicalOf(agent), List.of(homePage, name));
  }

  /** The normaliser's own canonical text of an agent, so the pseudonym computed here is the pipeline's. */
  private static String canonicalOf(JsonNode agent) {
    return Identifiers.canonicalIfi(agent);
  }

  /** True when {@code text} holds every one of {@link #mentions()}, letter case aside. */
  public boolean mentionedIn(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return mentions.stream().allMatch(m -> lower.contains(m.toLowerCase(Locale.ROOT)));
  }

  /**
   * The canonical identifier of the actor of a statement given as JSON text, or empty when the text is no JSON
   * object or has no identifiable actor (e.g. a dead letter refused for its syntax).
   */
  public static Optional<String> canonicalActorOf(String statementJson) {
    try {
      JsonNode statement = JSON.readTree(statementJson);
      return statement == null
          ? Optional.empty()
          : Optional.ofNullable(Identifiers.canonicalIfi(statement.get(
              "actor")));
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  private static void requireAbsoluteIri(String option, String member, String value) {
    try {
      if (value == null || !new URI(value).isAbsolute()) {
        throw new Malformed(option, member, "must be an absolute IRI (https://...)");
      }
    } catch (URISyntaxException notAnIri) {
      throw new Malformed(option, member, "must be an absolute IRI (https://...)");
    }
  }

  /**
   * A malformed identifier, named as the command line gives it (its option, in the message) and as an xAPI agent
   * holds it ({@link #member()}), so that an HTTP answer names the member, not a command-line option.
   */
  public static final class Malformed extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String member;
    private final String problem;

    Malformed(String option, String member, String problem) {
      super(option + ": " + problem);
      this.member = member;
      this.problem = problem;
    }

    /** The agent's member, e.g. {@code mbox} or {@code account.homePage}. */
    public String member() {
      return member;
    }

    /** What is wrong with it, e.g. {@code must be an e-mail address (mailto:name@example.org)}. */
    public String problem() {
      return problem;
    }
  }
}
