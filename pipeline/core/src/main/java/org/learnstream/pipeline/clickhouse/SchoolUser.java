package org.learnstream.pipeline.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A school's read-only ClickHouse user as a users.xml entry: allowed its school's database alone, under the
 * {@code readonly} profile (readonly = 1: no writes, no settings changes, no table functions, which could otherwise
 * reach other databases). 18.16 manages users only in users.xml, so this entry is how a user is made there; only the
 * SHA-256 of the password is written.
 */
public record SchoolUser(String tenant, String passwordSha256Hex) {

  /** The readonly profile the entry refers to, for a server whose users.xml lacks it. */
  public static final String READONLY_PROFILE = """
      <readonly>
        <readonly>1</readonly>
        <max_execution_time>60</max_execution_time>
      </readonly>""";

  public SchoolUser {
    SchoolDatabase.requireTenantId(tenant);
  }

  /** A user with a new random password, returned once next to the user so that it can be shown once. */
  public static Created withNewPassword(String tenant) {
    String password = newSecret();
    return new Created(new SchoolUser(tenant, sha256Hex(password)), password);
  }

  /** 144 random bits, URL-safe Base64: usable as a password and as a Basic secret. */
  public static String newSecret() {
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The user's name, the same as its database's. */
  public String name() {
    return SchoolDatabase.databaseOf(tenant);
  }

  /** The entry for {@code <users>} of users.xml. */
  public String usersXmlEntry() {
    return usersXmlEntry(name(), passwordSha256Hex, List.of(name()));
  }

  /** A whole users file for the server's users.d directory: the readonly profile and this user. */
  public String usersFile() {
    return usersFile(usersXmlEntry());
  }

  /** A read-only user allowed {@code databases} alone, from loopback. */
  static String usersXmlEntry(String name, String passwordSha256Hex, List<String> databases) {
    StringBuilder allowed = new StringBuilder();
    databases.forEach(d -> allowed.append("<database>").append(d).append("</database>"));
    return """
        <%1$s>
          <password_sha256_hex>%2$s</password_sha256_hex>
          <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
          <profile>readonly</profile>
          <quota>default</quota>
          <allow_databases>%3$s</allow_databases>
        </%1$s>
        """.formatted(name, passwordSha256Hex, allowed);
  }

  static String usersFile(String usersXmlEntry) {
    return "<?xml version=\"1.0\"?>\n<yandex>\n  <profiles>\n" + READONLY_PROFILE.indent(4) + "  </profiles>\n"
        + "  <users>\n" + usersXmlEntry.indent(4) + "  </users>\n</yandex>\n";
  }

  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** A user and its password in clear, which is shown once and kept nowhere. */
  public record Created(SchoolUser user, String password) {
  }
}
