package marketgate.workers.monitor;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import marketgate.workers.notify.Webhooks;

/**
 * Alerts to {@code alerts.webhookUrl}: Slack's {@code text}, Discord's {@code content}, and the
 * structured {@code kind} and {@code incident} for anything else.
 */
final class WebhookChannel implements AlertChannel {
  private final WebClient client;
  private final String url;

  WebhookChannel(WebClient client, String url) {
    this.client = client;
    this.url = url;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public Future<Void> deliver(Alert alert) {
    return Webhooks.post(client, url, Webhooks.payload(alert.text())
        .put("kind", alert.kind().label())
        .put("incident", alert.incident().toJson()));
  }
}
