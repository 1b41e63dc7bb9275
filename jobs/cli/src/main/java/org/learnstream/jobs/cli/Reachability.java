package org.learnstream.jobs.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RuntimeOptions;

/**
 * Checks that a service listens before a command starts on it, so that a wrong address fails within seconds with
 * the address in the message, instead of after the clients' own minutes of retries with a bare exception.
 */
public final class Reachability {

  /** Long enough for a loaded machine's loopback or a LAN, short enough to answer a typo at once. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private Reachability() {
  }

  /** The Kafka and ClickHouse the settings name, when they name one (unset means the embedded ones). */
  static void requireServicesOf(ReadableConfig settings) {
    String kafka = settings.get(PipelineOptions.KAFKA_BOOTSTRAP);
    if (kafka != null) {
      requireKafka(kafka, "correct kafka.bootstrap-servers (LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS) or start the broker");
    }
    String clickHouse = settings.get(RuntimeOptions.CLICKHOUSE_URL);
    if (clickHouse != null) {
      requireHttp(URI.create(clickHouse), "ClickHouse",
          "correct clickhouse.url (LEARNSTREAM_CLICKHOUSE_URL) or start the server");
    }
  }

  /** One broker of {@code host:port[,host:port]} must accept a connection. */
  static void requireKafka(String bootstrap, String remedy) {
    String failure = null;
    for (String server : bootstrap.split(",")) {
      String address = server.strip();
      int colon = address.lastIndexOf(':');
      String port = colon < 1 ? "" : address.substring(colon + 1);
      if (!port.matches("\\d{1,5}")) {
        throw new IllegalArgumentException("Kafka address '" + address + "' must be host:port, e.g. 127.0.0.1:9092");
      }
      failure = connect(address.substring(0, colon), Integer.parseInt(port));
      if (failure == null) {
        return;
      }
    }
    throw new Unreachable("no Kafka broker answers at " + bootstrap + " (" + failure + "); " + remedy);
  }

  public static void requireHttp(URI url, String what, String remedy) {
    if (url.getHost() == null) {
      throw new IllegalArgumentException(what + " URL '" + url + "' has no host; write it as http://host:port/...");
    }
    int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    String failure = connect(url.getHost(), port);
    if (failure != null) {
      throw new Unreachable("nothing answers at " + url + " (" + what + ", " + failure + "); " + remedy);
    }
  }

  /** Null when a connection opened, else why not. */
  private static String connect(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      return null;
    } catch (UnknownHostException e) {
      return "unknown host " + host;
    } catch (SocketTimeoutException e) {
      return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
    } catch (IOException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
    }
  }
}
