package org.learnstream.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * HTTP Basic credentials mapped to tenants. Loaded from a YAML (or JSON) file:
 *
 * <pre>
 * tenants:
 *   school-a:
 *     - key: lms
 *       secretSha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 *     - key: quiz-tool
 *       secretEnv: SCHOOL_A_QUIZ_SECRET      # the secret itself, read from the environment
 * </pre>
 *
 * Secrets are held only as SHA-256 digests and never printed.
 */
public final class TenantCredentials {

  /** Who sent a request: the tenant and the key (Basic user name) it used. */
  public record Principal(String tenant, String key) {
    /** The xAPI authority the server stamps on this principal's statements. */
    public JsonNode authority() {
      ObjectNode account = JsonNodeFactory.instance.objectNode()
          .put("homePage", "https://learnstream.local/tenants/" + tenant)
          .put("name", key);
      ObjectNode agent = JsonNodeFactory.instance.objectNode().put("objectType", "Agent");
      agent.set("account", account);
      return agent;
    }
  }

  private record Credential(String tenant, byte[] secretSha256) {
  }

  private final Map<String, Credential> byKey;

  private TenantCredentials(Map<String, Credential> byKey) {
    this.byKey = Map.copyOf(byKey);
  }

  /** The development default: tenant {@code demo}, Basic {@code demo:demo}. */
  public static TenantCredentials developmentDefault() {
    return new TenantCredentials(Map.of("demo", new Credential("demo", sha256("demo"))));
  }

  public static TenantCredentials load(Path file) {
    return load(file, System::getenv);
  }

  static TenantCredentials load(Path file, Function<String, String> env) {
    try (InputStream in = Files.newInputStream(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return fromTree(new ObjectMapper().valueToTree(root), env, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the credentials file " + file + ": " + e.getMessage(), e);
    }
  }

  static TenantCredentials fromTree(JsonNode root, Function<String, String> env, String source) {
    JsonNode tenants = root == null ? null : root.get("tenants");
    if (tenants == null || !tenants.isObject() || tenants.isEmpty()) {
      throw new IllegalArgumentException(
          source + ": needs a 'tenants' map of tenant -> list of {key, secretSha256 | secretEnv}");
    }
    Map<String, Credential> byKey = new HashMap<>();
    tenants.fields().forEachRemaining(t -> {
      String where = source + ": tenants." + t.getKey();
      if (!t.getValue().isArray()) {
        throw new IllegalArgumentException(where + " must be a list of {key, secretSha256 | secretEnv}");
      }
      int i = 0;
      for (JsonNode c : t.getValue()) {
        String at = where + "[" + i++ + "]";
        String key = c.path("key").asText("");
        if (key.isBlank() || key.contains(":")) {
          throw new IllegalArgumentException(at + ".key must be a non-empty name without ':'");
        }
        byte[] digest;
        if (c.hasNonNull("secretSha256")) {
          String hex = c.get("secretSha256").asText();
          if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(at + ".secretSha256 must be 64 hex digits (sha256 of the secret)");
          }
          digest = HexFormat.of().parseHex(hex.toLowerCase());
        } else if (c.hasNonNull("secretEnv")) {
          String variable = c.get("secretEnv").asText();
          String secret = env.apply(variable);
          if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException(at + ".secretEnv names the environment variable " + variable
                + ", which is not set");
          }
          digest = sha256(secret);
        } else {
          throw new IllegalArgumentException(
              at + " needs secretSha256 or secretEnv (secrets are never written in the file)");
        }
        if (byKey.put(key, new Credential(t.getKey(), digest)) != null) {
          throw new IllegalArgumentException(
              at + ".key '" + key + "' is used twice; keys must be unique across tenants");
        }
      }
    });
    return new TenantCredentials(byKey);
  }

  /** The principal for an {@code Authorization: Basic ...} header value, if the credential is known. */
  public Optional<Principal> authenticate(String authorizationHeader) {
    Optional<Map.Entry<String, String>> basic = basicUserAndSecret(authorizationHeader);
    if (basic.isEmpty()) {
      return Optional.empty();
    }
    String key = basic.get().getKey();
    Credential credential = byKey.get(key);
    byte[] offered = sha256(basic.get().getValue());
    if (credential == null || !MessageDigest.isEqual(credential.secretSha256(), offered)) {
      return Optional.empty();
    }
    return Optional.of(new Principal(credential.tenant(), key));
  }

  /** The user name and secret of an {@code Authorization: Basic ...} header value, if it is one. */
  static Optional<Map.Entry<String, String>> basicUserAndSecret(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** Tenant names, for the start-up message (never secrets). */
  public java.util.SortedSet<String> tenants() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    byKey.values().forEach(c -> names.add(c.tenant()));
    return names;
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
