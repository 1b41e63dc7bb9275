package org.learnstream.pipeline.clickhouse;

import java.util.List;

/**
 * A district's read-only ClickHouse user: allowed the databases of the district's schools and nothing else (not the
 * shared database, so not {@code learner_directory}), under the same {@code readonly} profile as a school's user.
 * Only the SHA-256 of the password is written.
 */
public record DistrictUser(String district, List<String> schools, String passwordSha256Hex) {

  public DistrictUser {
    SchoolDatabase.requireTenantId(district);
    if (schools.isEmpty()) {
      throw new IllegalArgumentException("schools: a district user needs at least one school");
    }
    schools.forEach(SchoolDatabase::requireTenantId);
    schools = List.copyOf(schools);
  }

  /** A user with a new random password, returned once next to the user so that it can be shown once. */
  public static Created withNewPassword(String district, List<String> schools) {
    String password = SchoolUser.newSecret();
    return new Created(new DistrictUser(district, schools, SchoolUser.sha256Hex(password)), password);
  }

  /** {@code district_} and the id with dashes as underscores, apart from the schools' {@code tenant_} names. */
  public String name() {
    return "district_" + district.replace('-', '_');
  }

  public List<String> databases() {
    return schools.stream().map(SchoolDatabase::databaseOf).toList();
  }

  /** A whole users file for the server's users.d directory: the readonly profile and this user. */
  public String usersFile() {
    return SchoolUser.usersFile(SchoolUser.usersXmlEntry(name(), passwordSha256Hex, databases()));
  }

  /** A user and its password in clear, which is shown once and kept nowhere. */
  public record Created(DistrictUser user, String password) {
  }
}
