package org.learnstream.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.learnstream.pipeline.testing.KafkaExtension;

class SubscriptionApiTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aTenantSeesAndRemovesOnlyItsOwnSubscriptionsAndNeverTheSecret() throws Exception {
    String topic = "alert.subscriptions-api-" + System.nanoTime();
    KAFKA.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
    try (SubscriptionApi api = new SubscriptionApi(new SubscriptionStore(KAFKA.bootstrapServers(), topic))) {
      String base = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
      HttpResponse<String> created = send("POST", base + "/tenants/t1/subscriptions",
          "{\"specialist\":\"ana@school.example\",\"webhook_url\":\"http://127.0.0.1:9/h\",\"secret\":\"zzz-secret\","
              + "\"rules\":[\"rapid-guessing\"],\"min_severity\":\"warning\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

      HttpResponse<String> mine = send("GET", base + "/tenants/t1/subscriptions", null);
      assertThat(mine.body()).contains(id).contains("rapid_guessing").doesNotContain("zzz-secret");
      assertThat(send("GET", base + "/tenants/t2/subscriptions", null).body()).isEqualTo("[]");

      assertThat(send("DELETE", base + "/tenants/t2/subscriptions/" + id, null).statusCode()).isEqualTo(404);
      assertThat(send("DELETE", base + "/tenants/t1/subscriptions/" + id, null).statusCode()).isEqualTo(204);
      assertThat(send("GET", base + "/tenants/t1/subscriptions", null).body()).isEqualTo("[]");

      HttpResponse<String> bad = send("POST", base + "/tenants/t1/subscriptions", "{\"specialist\":\"x\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("webhook_url");
    }
  }

  private HttpResponse<String> send(String method, String url, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
