package org.learnstream.pipeline.records;

import java.sql.Connection;
import java.sql.SQLException;

/** How the learner record store reaches its database: work run in one transaction on a connection of the caller's. */
public interface RecordTransactions {

  /** Work that runs in one transaction: committed when it returns, rolled back when it throws. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction. */
  <T> T inTransaction(Work<T> work) throws SQLException;
}
