package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Insert deduplication tokens: a retried insert carries the same token, so a server that already stored the batch
 * (the connection broke after the insert landed) drops the repeat. Servers honour the setting
 * {@code insert_deduplication_token} from 22.2 on (for Replicated tables, or MergeTree tables with
 * {@code non_replicated_deduplication_window}); 18.16 rejects unknown settings, so the server version is asked
 * once and the token only sent where it is understood. Either way the ReplacingMergeTree keys collapse repeats.
 */
public final class InsertDeduplication {

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
  private static final int FIRST_MAJOR = 22;
  private static final int FIRST_MINOR = 2;
  /** The first release that understands {@code insert_deduplication_token}. */
  public static final String FIRST_VERSION = FIRST_MAJOR + "." + FIRST_MINOR;

  private InsertDeduplication() {
  }

  /** Whether a server of this {@code version()} string understands {@code insert_deduplication_token}. */
  public static boolean supportsToken(String version) {
    Matcher m = VERSION.matcher(version.strip());
    if (!m.find()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > FIRST_MAJOR || (major == FIRST_MAJOR && minor >= FIRST_MINOR);
  }

  /** Asks the server its version; null when it cannot be asked (the writer asks again on its next insert). */
  public static Boolean detect(Client client) {
    try {
      return supportsToken(serverVersion(SchoolDatabase.Sql.of(client)));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The server's {@code version()} string, e.g. {@code 18.16.1} or {@code 26.7.2.1}. */
  public static String serverVersion(SchoolDatabase.Sql sql) {
    return String.valueOf(sql.rows("SELECT version() AS version").get(0).get("version")).strip();
  }

  /** The token of one batch: the table and a SHA-256 of the exact bytes, equal for every retry of that batch. */
  public static String token(String qualifiedTable, byte[] data, int offset, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(qualifiedTable.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(data, offset, length);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
