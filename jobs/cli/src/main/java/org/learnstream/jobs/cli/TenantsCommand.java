package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.clickhouse.SchoolUser;
import org.learnstream.pipeline.clickhouse.TenantAdministration;
import org.learnstream.pipeline.clickhouse.TenantRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The schools (tenants) of an installation: each has its own ClickHouse database of its rows and a read-only user
 * allowed only that database, LMS credentials for the xAPI endpoint, and a Grafana datasource bound to its user.
 */
@Command(name = "tenants", mixinStandardHelpOptions = true,
    description = "Register, list and remove schools (tenants) on the ClickHouse server of clickhouse.url.",
    subcommands = {TenantsCommand.Add.class, TenantsCommand.ListAll.class, TenantsCommand.Remove.class,
        AdminCredentialCommand.class, DistrictCommand.class})
public final class TenantsCommand {

  @Mixin
  ConfigMixin config;

  @Option(names = "--users-dir", paramLabel = "DIR",
      description = "The server's users.d directory: the school's user is written there as tenant_<id>.xml and the "
          + "server picks it up within seconds. Without it the users.xml entry is printed for an operator.")
  Path usersDir;

  ClickHouseEndpoint endpoint(String verb) {
    return ConfiguredClickHouse.endpoint(config.load(), "tenants " + verb);
  }

  Path userFile(String tenant) {
    return usersDir.resolve(SchoolDatabase.databaseOf(tenant) + ".xml");
  }

  /**
   * Writes a new user's file to {@code --users-dir} (the server re-reads it), or prints it for the operator when none
   * is given: 18.16 has no SQL user management. The password is shown once, either way.
   */
  void writeOrPrintUser(PrintWriter out, String user, String password, String usersFile) {
    if (usersDir != null) {
      Path file = usersDir.resolve(user + ".xml");
      write(file, usersFile);
      out.println("ClickHouse user " + user + " written to " + file + " (the server reads it within seconds), "
          + "password: " + password);
    } else {
      out.println("ClickHouse user " + user + ", password: " + password
          + "; add this to a file in the server's users.d directory (18.16 has no SQL user management):");
      out.print(usersFile);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Register a school: its database and read-only ClickHouse user, its LMS credentials (shown once, "
          + "stored hashed) and its Grafana datasource.")
  static final class Add implements Callable<Integer> {
    @ParentCommand
    TenantsCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--id", required = true, paramLabel = "ID", description = "Tenant id, e.g. school-north.")
    String id;
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Display name of the school.")
    String name;
    @Option(names = "--grafana-dir", paramLabel = "DIR",
        description = "Write the school's Grafana provisioning here (datasource, dashboards provider, dashboards with "
            + "the school's database) instead of printing the datasource.")
    Path grafanaDir;
    @Option(names = "--grafana-org", defaultValue = "1", paramLabel = "ORG",
        description = "The id of the school's Grafana organisation (default: ${DEFAULT-VALUE}).")
    int grafanaOrg;
    @Option(names = "--dashboards", defaultValue = "dashboards/grafana", paramLabel = "DIR",
        description = "The dashboards to copy with --grafana-dir (default: ${DEFAULT-VALUE}).")
    Path dashboards;

    @Override
    public Integer call() {
      SchoolDatabase.requireTenantId(id);
      ClickHouseEndpoint endpoint = parent.endpoint("add");
      TenantAdministration.Registered registered;
      try (Client client = ClickHouseClients.create(endpoint)) {
        registered = new TenantAdministration(client, endpoint.database()).add(operator(), id, name);
      }
      SchoolUser.Created user = registered.clickHouseUser();
      PrintWriter out = spec.commandLine().getOut();
      out.println("tenant " + id + " (" + name + ") registered; its rows are readable in database "
          + SchoolDatabase.databaseOf(id));
      out.println();
      out.println("The secrets below are shown once; only their SHA-256 is kept.");
      out.println();
      parent.writeOrPrintUser(out, user.user().name(), user.password(), user.user().usersFile());
      out.println();
      out.println("LMS credentials for the xAPI endpoint: Basic " + id + ":" + registered.lmsSecret()
          + "; add to the file given to serve --credentials:");
      out.println("tenants:");
      out.println("  " + id + ":");
      out.println("    - key: " + id);
      out.println("      secretSha256: " + registered.lmsSecretSha256());
      out.println();
      if (grafanaDir != null) {
        out.println("Grafana provisioning of " + name + " (organisation " + grafanaOrg + ") written:");
        SchoolProvisioning.write(grafanaDir, id, name, grafanaOrg, endpoint.url(), dashboards)
            .forEach(path -> out.println("  " + path));
      } else {
        out.println("Grafana datasource for " + name + " (a file in provisioning/datasources/ of its organisation):");
        out.print(GrafanaDatasource.forSchool(id, name, endpoint.url()));
      }
      out.println("(password from " + GrafanaDatasource.passwordVariable(id) + " in Grafana's environment; the "
          + "dashboards' 'database' constant in that organisation's copy is " + SchoolDatabase.databaseOf(id) + ")");
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered schools.")
  static final class ListAll implements Callable<Integer> {
    @ParentCommand
    TenantsCommand parent;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      ClickHouseEndpoint endpoint = parent.endpoint("list");
      PrintWriter out = spec.commandLine().getOut();
      try (Client client = ClickHouseClients.create(endpoint)) {
        for (TenantRegistry.Tenant t : new TenantAdministration(client, endpoint.database()).list(operator())) {
          out.println("id=" + t.id() + " name=" + t.displayName() + " database=" + SchoolDatabase.databaseOf(t.id()));
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a school's database and user; the shared tables keep its rows.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand
    TenantsCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--id", required = true, paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      SchoolDatabase.requireTenantId(id);
      ClickHouseEndpoint endpoint = parent.endpoint("remove");
      try (Client client = ClickHouseClients.create(endpoint)) {
        if (!new TenantAdministration(client, endpoint.database()).remove(operator(), id)) {
          spec.commandLine().getErr().println("tenants remove: no tenant " + id + "; see 'tenants list'");
          spec.commandLine().getErr().flush();
          return 2;
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (parent.usersDir != null) {
        delete(parent.userFile(id));
        out.println("tenant " + id + " removed with its database and its ClickHouse user");
      } else {
        out.println("tenant " + id + " removed with its database; remove the user " + SchoolDatabase.databaseOf(id)
            + " from the server's users files, its LMS key from the credentials file and its Grafana datasource");
      }
      out.flush();
      return 0;
    }
  }

  /** Who acted, in the audit trail: the operating-system account that ran the verb. */
  static String operator() {
    return System.getProperty("user.name");
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
