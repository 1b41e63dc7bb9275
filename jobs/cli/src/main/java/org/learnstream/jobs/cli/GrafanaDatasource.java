package org.learnstream.jobs.cli;

import java.net.URI;
import org.learnstream.pipeline.clickhouse.DistrictUser;
import org.learnstream.pipeline.clickhouse.SchoolDatabase;

/**
 * The Grafana datasource provisioning of one school: its ClickHouse user and database, so that whatever a viewer in
 * that school's Grafana organisation picks, the server answers with the school's rows only. The uid is the
 * dashboards' default datasource, which each organisation holds apart; the password comes from the environment of the
 * Grafana process, so no secret is written into the file.
 */
final class GrafanaDatasource {

  private GrafanaDatasource() {
  }

  static String forSchool(String tenant, String displayName, String clickHouseUrl) {
    String user = SchoolDatabase.databaseOf(tenant);
    return forUser(displayName, user, user, clickHouseUrl);
  }

  /**
   * The district variant: bound to the district's user, which reads each of its schools' databases; the dashboards'
   * {@code database} variable picks the school (its default database is the first school's).
   */
  static String forDistrict(DistrictUser district, String clickHouseUrl) {
    return forUser("district " + district.district(), district.name(), district.databases().get(0), clickHouseUrl);
  }

  private static String forUser(String displayName, String user, String database, String clickHouseUrl) {
    URI url = URI.create(clickHouseUrl);
    boolean secure = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : secure ? 8443 : 8123;
    return """
        apiVersion: 1
        datasources:
          - name: "Learnstream ClickHouse (%s)"
            uid: learnstream-clickhouse
            type: grafana-clickhouse-datasource
            editable: false
            jsonData:
              host: %s
              port: %d
              protocol: http
              secure: %s
              username: %s
              defaultDatabase: %s
              queryTimeout: 60
            secureJsonData:
              password: ${%s}
        """.formatted(displayName.replace("\\", "\\\\").replace("\"", "\\\""), url.getHost(), port, secure, user,
        database, passwordVariableOf(user));
  }

  /** The environment variable of the Grafana process that holds the school user's password. */
  static String passwordVariable(String tenant) {
    return passwordVariableOf(SchoolDatabase.databaseOf(tenant));
  }

  static String passwordVariableOf(String user) {
    return "LEARNSTREAM_CLICKHOUSE_PASSWORD_" + user.toUpperCase(java.util.Locale.ROOT);
  }
}
