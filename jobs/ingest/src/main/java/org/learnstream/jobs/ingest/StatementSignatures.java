package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.learnstream.pipeline.xapi.Violation;

/**
 * Signed statements (xAPI Data 2.6): the signature attachment's content must be a compact JWS signed with RS256,
 * RS384 or RS512 whose payload is the statement as it was before the signature was attached. With an {@code x5c}
 * header the signature is verified against the first certificate's public key; without one there is no key to verify
 * it with, and the algorithm and the payload are what can be checked.
 */
final class StatementSignatures {

  static final String SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature";
  static final String SIGNATURE_CONTENT_TYPE = "application/octet-stream";

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512);
  /** Members the LRS may add to a statement after it was signed; compared only when the payload has them. */
  private static final List<String> ADDED_BY_LRS = List.of("id", "authority", "stored", "version");
  /** Seconds with more than two decimals: xAPI 2.0 compares durations to 0.01 s only (Data 4.2.7). */
  private static final Pattern FINE_SECONDS = Pattern.compile("(\\.\\d{2})\\d+S$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.equals(b)
      ? 0
      : a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

  private StatementSignatures() {
  }

  static boolean isSignature(JsonNode attachment) {
    return SIGNATURE_USAGE.equals(attachment.path("usageType").asText());
  }

  /** Why the signature attachment {@code jws} does not sign {@code statement}, or empty when it does. */
  static Optional<Violation> problem(JsonNode statement, JsonNode attachment, byte[] jws) {
    String contentType = attachment.path("contentType").asText();
    if (!SIGNATURE_CONTENT_TYPE.equalsIgnoreCase(contentType.trim())) {
      return refused("signature.content-type", "a signature attachment has contentType " + SIGNATURE_CONTENT_TYPE
          + ", got '" + contentType + "'");
    }
    JWSObject signed;
    try {
      signed = JWSObject.parse(new String(jws, StandardCharsets.US_ASCII).trim());
    } catch (ParseException e) {
      return refused("signature.jws", "the signature is not a compact JWS (RFC 7515): " + e.getMessage());
    }
    JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(algorithm)) {
      return refused("signature.algorithm", "the JWS must use RS256, RS384 or RS512, got " + algorithm);
    }
    List<Base64> chain = signed.getHeader().getX509CertChain();
    if (chain != null && !chain.isEmpty()) {
      Optional<Violation> unverified = unverified(signed, chain.get(0));
      if (unverified.isPresent()) {
        return unverified;
      }
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(signed.getPayload().toBytes());
    } catch (IOException e) {
      return refused("signature.payload", "the JWS payload is not a JSON serialization of the statement");
    }
    if (payload == null || !payload.isObject()) {
      return refused("signature.payload", "the JWS payload is not a JSON serialization of the statement");
    }
    return comparable(payload, payload).equals(NUMBERS_BY_VALUE, comparable(unsigned(statement), payload))
        ? Optional.empty()
        : refused("signature.payload", "the JWS payload differs from the statement it signs (compared without the "
            + "signature attachment)");
  }

  private static Optional<Violation> unverified(JWSObject signed, Base64 certificate) {
    X509Certificate cert = X509CertUtils.parse(certificate.decode());
    if (cert == null || !(cert.getPublicKey() instanceof RSAPublicKey key)) {
      return refused("signature.x5c", "the JWS x5c header's first certificate is not an X.509 certificate with an "
          + "RSA key");
    }
    try {
      return signed.verify(new RSASSAVerifier(key))
          ? Optional.empty()
          : refused("signature.verify", "the JWS signature does not verify with the x5c certificate's key");
    } catch (JOSEException e) {
      return refused("signature.verify", "the JWS signature could not be verified: " + e.getMessage());
    }
  }

  /** The statement as it was signed: without its signature attachments (and without attachments if none remain). */
  private static JsonNode unsigned(JsonNode statement) {
    ObjectNode copy = statement.deepCopy();
    ArrayNode kept = JSON.createArrayNode();
    statement.path("attachments").forEach(a -> {
      if (!isSignature(a)) {
        kept.add(a);
      }
    });
    if (kept.isEmpty()) {
      copy.remove("attachments");
    } else {
      copy.set("attachments", kept);
    }
    return copy;
  }

  /** {@code node} without the members the LRS adds that {@code payload} lacks, durations cut to 0.01 s. */
  private static JsonNode comparable(JsonNode node, JsonNode payload) {
    JsonNode copy = node.deepCopy();
    if (copy instanceof ObjectNode object) {
      ADDED_BY_LRS.stream().filter(name -> !payload.has(name)).forEach(object::remove);
    }
    cutDurations(copy);
    return copy;
  }

  private static void cutDurations(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode duration = object.get("duration");
      if (duration != null && duration.isTextual()) {
        object.set("duration", new TextNode(FINE_SECONDS.matcher(duration.asText()).replaceFirst("$1S")));
      }
      object.elements().forEachRemaining(StatementSignatures::cutDurations);
    } else if (node instanceof ArrayNode array) {
      array.forEach(StatementSignatures::cutDurations);
    }
  }

  private static Optional<Violation> refused(String rule, String message) {
    return Optional.of(new Violation("attachments", rule, message));
  }
}
