package org.learnstream.jobs.ingest;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.pipeline.xapi.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use an admin route: the administrator's HTTP Basic credential ({@code ingest.admin.user} and the SHA-256 of
 * its secret, {@code ingest.admin.secret-sha256}), which is no LMS credential. A missing or wrong credential is
 * answered 401, a valid LMS credential 403; either way the route's handler does not run. Every admin route wraps its
 * handler with {@link #only}.
 */
public final class AdminAccess {

  /** An admin route's handler, told the administrator's name (for the audit trail). */
  @FunctionalInterface
  public interface AdminHandler {
    void handle(Context ctx, String admin) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);

  private final String user;
  private final byte[] secretSha256;
  private final TenantCredentials lms;

  /** @param secretSha256Hex null: no administrator, every admin request is refused */
  public AdminAccess(String user, String secretSha256Hex, TenantCredentials lms) {
    this.user = user;
    this.secretSha256 = secretSha256Hex == null ? null : HexFormat.of().parseHex(secretSha256Hex.toLowerCase());
    this.lms = lms;
  }

  public static AdminAccess from(ReadableConfig config, TenantCredentials lms) {
    return new AdminAccess(config.get(IngestOptions.ADMIN_USER), config.get(IngestOptions.ADMIN_SECRET_SHA256), lms);
  }

  /** The handler run only for the administrator; anyone else gets 401 or 403 and nothing happens. */
  public Handler only(AdminHandler handler) {
    return ctx -> {
      String authorization = ctx.header("Authorization");
      if (isAdmin(authorization)) {
        handler.handle(ctx, user);
      } else if (lms.authenticate(authorization).isPresent()) {
        LOG.info("admin route {} {} refused (403): an LMS credential", ctx.method(), ctx.matchedPath());
        RouteAnswers.error(ctx, 403, "forbidden", new Violation("header:Authorization", "credentials.admin",
            "an LMS credential cannot use the admin routes; send the administrator's Basic credentials"));
      } else {
        LOG.info("admin route {} {} refused (401): no valid credential", ctx.method(), ctx.matchedPath());
        ctx.header("WWW-Authenticate", "Basic realm=\"learnstream admin\", charset=\"UTF-8\"");
        RouteAnswers.error(ctx, 401, "unauthorized", new Violation("header:Authorization", "credentials.admin",
            secretSha256 == null
                ? "the admin routes are off: set " + IngestOptions.ADMIN_SECRET_SHA256.key()
                : "send the administrator's HTTP Basic credentials"));
      }
    };
  }

  private boolean isAdmin(String authorization) {
    return secretSha256 != null && TenantCredentials.basicUserAndSecret(authorization)
        .filter(basic -> basic.getKey().equals(user))
        .filter(basic -> MessageDigest.isEqual(secretSha256, TenantCredentials.sha256(basic.getValue())))
        .isPresent();
  }
}
