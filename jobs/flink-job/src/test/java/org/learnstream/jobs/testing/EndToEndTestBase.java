package org.learnstream.jobs.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.ClickHouseExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

/**
 * The real services an end-to-end test runs on, shared by the test class: Flink's MiniCluster with two
 * slots, a KRaft broker and a ClickHouse server (each test uses its own topics and database).
 */
public abstract class EndToEndTestBase {

  @RegisterExtension
  protected static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @RegisterExtension
  protected static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  protected static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();
}
