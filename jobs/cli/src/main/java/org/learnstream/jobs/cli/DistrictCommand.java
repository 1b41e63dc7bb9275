package org.learnstream.jobs.cli;

import com.clickhouse.client.api.Client;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.learnstream.pipeline.clickhouse.AuditLog;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.clickhouse.DistrictUser;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;
import org.learnstream.pipeline.clickhouse.TenantAdministration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code learnstream tenants district add|remove}: a district's read-only ClickHouse user, allowed its schools'
 * databases and nothing of the shared one, for district staff's dashboards.
 */
@Command(name = "district", mixinStandardHelpOptions = true,
    description = "Add or remove a district's read-only ClickHouse user, who reads all of its schools' databases.",
    subcommands = {DistrictCommand.Add.class, DistrictCommand.Remove.class})
final class DistrictCommand {

  @ParentCommand
  TenantsCommand tenants;

  Path userFile(String name) {
    return tenants.usersDir.resolve(name + ".xml");
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Create the district's user (password shown once, stored hashed) and print its Grafana "
          + "datasource.")
  static final class Add implements Callable<Integer> {
    @ParentCommand
    DistrictCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--id", required = true, paramLabel = "ID", description = "District id, e.g. north.")
    String id;
    @Option(names = "--school", required = true, paramLabel = "TENANT",
        description = "A registered school of the district (repeatable).")
    List<String> schools = new ArrayList<>();

    @Override
    public Integer call() {
      DistrictUser.Created created = DistrictUser.withNewPassword(id, schools);
      ClickHouseEndpoint endpoint = parent.tenants.endpoint("district add");
      try (Client client = ClickHouseClients.create(endpoint)) {
        TenantAdministration administration = new TenantAdministration(client, endpoint.database());
        List<String> unknown = schools.stream().filter(s -> !administration.exists(s)).toList();
        if (!unknown.isEmpty()) {
          spec.commandLine().getErr().println("tenants district add: " + unknown + " not registered; add each "
              + "school first with 'tenants add' (see 'tenants list')");
          spec.commandLine().getErr().flush();
          return 2;
        }
        new AuditLog(client, endpoint.database()).record(TenantsCommand.operator(), "", "district add",
            id + ": " + String.join(",", schools));
      }
      DistrictUser user = created.user();
      PrintWriter out = spec.commandLine().getOut();
      out.println("The password below is shown once; only its SHA-256 is kept.");
      parent.tenants.writeOrPrintUser(out, user.name(), created.password(), user.usersFile());
      out.println("It reads the databases " + user.databases() + " and nothing else.");
      out.println();
      out.println("Grafana datasource for the district (a file in provisioning/datasources/ of its organisation):");
      out.print(GrafanaDatasource.forDistrict(user, endpoint.url()));
      out.println("(password from " + GrafanaDatasource.passwordVariableOf(user.name()) + " in Grafana's environment; "
          + "make the dashboards' 'database' variable a custom one with the values " + String.join(",",
              user.databases())
          + ")");
      out.flush();
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the district's user.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand
    DistrictCommand parent;
    @Spec
    CommandSpec spec;
    @Option(names = "--id", required = true, paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      String name = new DistrictUser(SchoolDatabase.requireTenantId(id), List.of(id), "").name();
      ClickHouseEndpoint endpoint = parent.tenants.endpoint("district remove");
      try (Client client = ClickHouseClients.create(endpoint)) {
        new AuditLog(client, endpoint.database()).record(TenantsCommand.operator(), "", "district remove", id);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (parent.tenants.usersDir != null) {
        TenantsCommand.delete(parent.userFile(name));
        out.println("district user " + name + " removed");
      } else {
        out.println("remove the user " + name + " from the server's users files and its Grafana datasource");
      }
      out.flush();
      return 0;
    }
  }
}
