package org.learnstream.dashboards;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The binding to chDB: results come back as text, refusals as errors carrying chDB's message. */
class ChDbTest {

  private static ChDb chdb;

  @BeforeEach
  void openTheSharedSession() {
    assumeTrue(ChDb.configuredLibrary().isPresent(), "chDB is not available: " + ChDb.HOW_TO_GET_IT);
    chdb = ChDb.shared(ChDb.configuredLibrary().get());
  }

  @Test
  void theEngineIsACurrentClickHouse() {
    String version = chdb.query("SELECT version()", "TabSeparated").strip();
    assertThat(Integer.parseInt(version.substring(0, version.indexOf('.')))).as(version).isGreaterThanOrEqualTo(24);
  }

  @Test
  void mergeTreeRowsWrittenInOneStatementAreReadInTheNext() {
    chdb.execute("CREATE DATABASE IF NOT EXISTS binding_check");
    chdb.execute("CREATE TABLE binding_check.t (k UInt32, v String) ENGINE = MergeTree() ORDER BY k");
    chdb.execute("INSERT INTO binding_check.t VALUES (2, 'zwei'), (1, 'één')");
    assertThat(chdb.query("SELECT k, v FROM binding_check.t ORDER BY k", "JSONEachRow"))
        .isEqualTo("{\"k\":1,\"v\":\"één\"}\n{\"k\":2,\"v\":\"zwei\"}\n");
    chdb.execute("DROP DATABASE binding_check");
  }

  @Test
  void aRefusedStatementRaisesChDbsMessage() {
    assertThatThrownBy(() -> chdb.query("SELECT * FROM no_such_database.no_such_table", "TabSeparated"))
        .isInstanceOf(ChDb.QueryFailure.class).hasMessageContaining("no_such_database");
  }

  @Test
  void theSessionLivesUnderItsOwnDirectory() {
    assertThat(chdb.directory()).isDirectory();
    assertThat(chdb.directory()).isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
  }
}
