package org.learnstream.jobs.notify;

import org.learnstream.jobs.settings.NotifyOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.settings.LearnstreamConfig;

class NotifyOptionsTest {

  @Test
  void theWebhookRetriesComeFromTheSettings() {
    WebhookDelivery.Settings delivery = WebhookDelivery.Settings.from(LearnstreamConfig.load(null,
        Map.of("LEARNSTREAM_NOTIFY_MAX_ATTEMPTS", "3", "LEARNSTREAM_NOTIFY_FIRST_BACKOFF", "250 ms")));

    assertThat(delivery.maxAttempts()).isEqualTo(3);
    assertThat(delivery.firstBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(delivery.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aFirstBackoffTheRetryPolicyCannotTakeIsRefusedNamingTheSettingAndItsRange() {
    assertThatThrownBy(() -> LearnstreamConfig.load(null, Map.of("LEARNSTREAM_NOTIFY_FIRST_BACKOFF", "2 min")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notify.first-backoff")
        .hasMessageContaining("is 2 min but must be between 1 ms and 30 s");
  }
}
