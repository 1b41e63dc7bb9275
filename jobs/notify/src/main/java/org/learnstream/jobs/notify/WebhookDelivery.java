package org.learnstream.jobs.notify;

import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.NotifyOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.notify.DeliveryLog.Attempt;
import org.learnstream.jobs.notify.DeliveryLog.Status;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.Subscription;

/**
 * Delivers one alert to one subscription as a signed JSON webhook: a timeout per request, retries with exponential
 * backoff on 5xx, 408, 429 and network errors, and a dead letter after the last attempt (at once for other 4xx).
 * Every attempt is recorded in the {@link DeliveryLog}.
 */
public final class WebhookDelivery {

  /** Retry settings. */
  public record Settings(int maxAttempts, Duration timeout, Duration firstBackoff, Duration maxBackoff) {
    public Settings {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(NotifyOptions.MAX_ATTEMPTS.key() + " must be at least 1 (was " + maxAttempts
            + ")");
      }
    }

    public static Settings from(ReadableConfig config) {
      return new Settings(config.get(NotifyOptions.MAX_ATTEMPTS), config.get(NotifyOptions.TIMEOUT),
          config.get(NotifyOptions.FIRST_BACKOFF), config.get(NotifyOptions.MAX_BACKOFF));
    }

    public static Settings defaults() {
      return from(new Configuration());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final DeliveryLog log;
  private final LearnerDirectory directory;
  private final Settings settings;
  private final Clock clock;

  public WebhookDelivery(DeliveryLog log, LearnerDirectory directory, Settings settings, Clock clock) {
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    this.log = log;
    this.directory = directory;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * One message to one subscription: {@code logId} and {@code change} are its row in the delivery log,
   * {@code idempotencyKey} what receivers deduplicate on.
   */
  record Message(String logId, DeliveredChange change, String idempotencyKey, byte[] body) {
  }

  /** Delivers unless already finished; returns the final status (DELIVERED or DEAD_LETTERED), null if finished. */
  public Status deliver(Alert alert, Subscription s) {
    return send(new Message(alert.getAlertId(), DeliveredChange.of(alert), deliveryId(alert, s), payload(alert, s)),
        s);
  }

  /** Sends a message unless the log has it finished; returns the final status, null if it was finished. */
  Status send(Message m, Subscription s) {
    if (log.finished(m.logId(), m.change(), s.getSubscriptionId())) {
      return null;
    }
    RetryPolicy<Outcome> retry = RetryPolicy.<Outcome>builder()
        .handleResultIf(o -> o.retry)
        .withBackoff(settings.firstBackoff(), settings.maxBackoff())
        .withMaxAttempts(settings.maxAttempts())
        .build();
    Outcome last = Failsafe.with(retry).get(ctx -> attempt(m, s, ctx.getAttemptCount() + 1));
    return last.status;
  }

  private Outcome attempt(Message m, Subscription s, int attempt) {
    Integer code = null;
    String error = null;
    try {
      long now = clock.millis() / 1000;
      HttpRequest request = HttpRequest.newBuilder(URI.create(s.getWebhookUrl()))
          .timeout(settings.timeout())
          .header("Content-Type", "application/json")
          .header(WebhookSignature.HEADER, WebhookSignature.sign(s.getSecret(), now, m.body()))
          .header("Idempotency-Key", m.idempotencyKey())
          .POST(HttpRequest.BodyPublishers.ofByteArray(m.body()))
          .build();
      code = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (code >= 200 && code < 300) {
        return finish(m, s, attempt, Status.DELIVERED, code, null, false);
      }
      error = "HTTP " + code;
    } catch (java.net.http.HttpTimeoutException e) {
      error = "timeout after " + settings.timeout().toMillis() + " ms";
    } catch (java.io.IOException e) {
      error = "network error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (IllegalArgumentException e) {
      error = "bad webhook URL: " + e.getMessage();
      return finish(m, s, attempt, Status.DEAD_LETTERED, null, error, false);
    }
    boolean retryable = code == null || code >= 500 || code == 408 || code == 429;
    if (!retryable || attempt >= settings.maxAttempts()) {
      String reason = retryable ? error + " (gave up after " + attempt + " attempts)" : error + " (not retried)";
      return finish(m, s, attempt, Status.DEAD_LETTERED, code, reason, false);
    }
    return finish(m, s, attempt, Status.FAILED, code, error, true);
  }

  private Outcome finish(Message m, Subscription s, int attempt, Status status, Integer code, String error,
      boolean retry) {
    log.record(new Attempt(m.logId(), m.change(), s.getSubscriptionId(), attempt, status, code, error,
        clock.millis()));
    return new Outcome(status, retry);
  }

  /** The JSON body: the alert with the learner's display name (the only place it appears). */
  byte[] payload(Alert a, Subscription s) {
    ObjectNode root = JSON.createObjectNode();
    root.put("delivery_id", deliveryId(a, s));
    root.put("subscription_id", s.getSubscriptionId());
    ObjectNode alert = describe(a, root.putObject("alert"));
    alert.put("tenant", a.getTenant());
    alert.put("learner", a.getLearner());
    alert.put("learner_name", directory.displayName(a.getTenant(), a.getLearner()));
    alert.put("status", a.getStatus().name().toLowerCase(java.util.Locale.ROOT));
    alert.put("resolved_at", a.getResolvedAt() == null ? null : a.getResolvedAt().toString());
    alert.putArray("evidence_events").addAll(a.getEvidenceEvents().stream().map(alert::textNode).toList());
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What a specialist reads of one alert, in the webhook and in digests: which rule, where, how urgent, and why. */
  static ObjectNode describe(Alert a, ObjectNode into) {
    into.put("alert_id", a.getAlertId());
    into.put("course", a.getCourse());
    into.put("section", a.getSection());
    into.put("skill", a.getSkill());
    into.put("rule", a.getRule());
    into.put("severity", a.getSeverity());
    into.put("tier", a.getTier());
    into.put("raised_at", a.getRaisedAt().toString());
    try {
      into.set("evidence", JSON.readTree(a.getEvidence()));
    } catch (Exception e) {
      into.put("evidence", a.getEvidence());
    }
    return into;
  }

  /**
   * What receivers deduplicate on: {@code alertId:subscriptionId} for the raising, with {@code :act} appended for
   * the escalation and {@code :resolved} for the resolution, so the changes of one alert are separate deliveries.
   */
  public static String deliveryId(Alert a, Subscription s) {
    String id = a.getAlertId() + ":" + s.getSubscriptionId();
    return switch (DeliveredChange.of(a)) {
      case ESCALATED -> id + ":act";
      case RESOLVED -> id + ":resolved";
      default -> id;
    };
  }

  private record Outcome(Status status, boolean retry) {
  }
}
