package org.learnstream.pipeline.xapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identifiers under which one person reaches the pipeline. An e-mail address arrives as {@code mbox} (the
 * {@code mailto:} IRI) or as {@code mbox_sha1sum} (the SHA-1 of that IRI, in hexadecimal): two inverse functional
 * identifiers, so two pseudonyms, of the same person. Access requests and erasures name the person by one of them and
 * must reach both. From an {@code mbox_sha1sum} the address cannot be recovered, so it names only itself.
 */
public final class SamePerson {

  private static final String MBOX = "mbox:";

  private SamePerson() {
  }

  /** The identifier itself, then, for an mbox, its mbox_sha1sum. */
  public static List<ActorIdentifier> identifiersOf(ActorIdentifier identifier) {
    return identifier.canonical().startsWith(MBOX)
        ? List.of(identifier, sha1sumIdentifierOf(identifier.canonical()))
        : List.of(identifier);
  }

  /** The same for a canonical identifier (the text a pseudonym is computed from). */
  public static List<String> canonicalsOf(String canonical) {
    return canonical.startsWith(MBOX)
        ? List.of(canonical, sha1sumIdentifierOf(canonical).canonical())
        : List.of(canonical);
  }

  /** The mbox_sha1sum identifier of an mbox's canonical text, canonical as the normaliser makes it. */
  private static ActorIdentifier sha1sumIdentifierOf(String mboxCanonical) {
    return ActorIdentifier.mboxSha1sum(sha1sumOf(mboxCanonical.substring(MBOX.length())));
  }

  /** The mbox_sha1sum of a {@code mailto:} IRI: the lower-case hexadecimal SHA-1 of the IRI's UTF-8 bytes. */
  public static String sha1sumOf(String mailtoIri) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(mailtoIri.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
