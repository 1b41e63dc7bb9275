package org.learnstream.jobs.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The SHA-2 variant an attachment's hash names by its length (SHA-256, -384 or -512), computed over content. */
final class Sha2 {

  private Sha2() {
  }

  /** The lower-case hex digest of {@code content} by the variant with {@code hexLength} digits, if there is one. */
  static Optional<String> hex(int hexLength, byte[] content) {
    String algorithm = switch (hexLength) {
      case 64 -> "SHA-256";
      case 96 -> "SHA-384";
      case 128 -> "SHA-512";
      default -> null;
    };
    if (algorithm == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has " + algorithm, e);
    }
  }
}
