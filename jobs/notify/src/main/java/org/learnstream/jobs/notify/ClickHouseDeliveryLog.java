package org.learnstream.jobs.notify;

import static org.learnstream.pipeline.clickhouse.ClickHouseQueries.quote;

import com.clickhouse.client.api.Client;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;

/**
 * {@code alert_deliveries} as the delivery log: each attempt is one row, inserted before the next step, and a
 * delivered or dead-lettered row means that alert change x subscription is finished, so a restarted notifier does not send it again.
 */
public final class ClickHouseDeliveryLog implements DeliveryLog {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private final Client client;
  private final String table;

  public ClickHouseDeliveryLog(Client client, String database) {
    this.client = client;
    this.table = database + ".alert_deliveries";
  }

  @Override
  public boolean finished(String alertId, DeliveredChange change, String subscriptionId) {
    return ClickHouseQueries.scalarLong(client, "SELECT count() FROM " + table + " WHERE alert_id = " + quote(alertId)
        + " AND change = " + quote(change.id()) + " AND subscription_id = " + quote(subscriptionId)
        + " AND status IN ('delivered', 'dead_lettered')") > 0;
  }

  @Override
  public void record(Attempt a) {
    ClickHouseQueries.execute(client, "INSERT INTO " + table
        + " (alert_id, change, subscription_id, attempt, status, http_status, error, at) VALUES ("
        + quote(a.alertId()) + ", " + quote(a.change().id()) + ", " + quote(a.subscriptionId()) + ", "
        + a.attempt() + ", "
        + quote(a.status().name().toLowerCase(Locale.ROOT)) + ", "
        + (a.httpStatus() == null ? "NULL" : a.httpStatus()) + ", "
        + (a.error() == null ? "NULL" : quote(a.error())) + ", "
        + quote(TIME.format(Instant.ofEpochMilli(a.atMillis()))) + ")");
  }

}
