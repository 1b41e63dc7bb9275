package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.learnstream.jobs.config.SettingsLoader;
import org.learnstream.jobs.settings.IngestOptions;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code learnstream tenants admin-credential}: a new administrator secret for the endpoint's admin routes, shown
 * once, and the setting that holds only its SHA-256. Nothing is written: the operator puts the setting in serve's
 * settings file or environment.
 */
@Command(name = "admin-credential", mixinStandardHelpOptions = true,
    description = "Make the administrator's credential of the endpoint's admin routes (/admin/...): the secret is "
        + "shown once; serve keeps only its SHA-256, from the setting printed.")
final class AdminCredentialCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--user", defaultValue = "admin", paramLabel = "NAME",
      description = "The administrator's Basic user name (setting ingest.admin.user; default: ${DEFAULT-VALUE}).")
  String user;

  @Override
  public Integer call() {
    if (user.isBlank() || user.contains(":")) {
      spec.commandLine().getErr().println("tenants admin-credential: --user must be a non-blank name without ':'");
      spec.commandLine().getErr().flush();
      return 2;
    }
    String secret = SchoolUser.newSecret();
    String sha256 = SchoolUser.sha256Hex(secret);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Administrator credential of the admin routes: Basic " + user + ":" + secret);
    out.println("The secret is shown once; serve keeps only its SHA-256. Set in serve's settings file:");
    out.println("ingest:");
    out.println("  admin:");
    if (!user.equals(IngestOptions.ADMIN_USER.defaultValue())) {
      out.println("    user: " + user);
    }
    out.println("    secret-sha256: " + sha256);
    out.println("or in its environment: " + SettingsLoader.environmentName(IngestOptions.ADMIN_SECRET_SHA256.key())
        + "=" + sha256);
    out.flush();
    return 0;
  }
}
