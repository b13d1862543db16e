package marketgate.shared.telegram;

import java.util.List;

/**
 * The arguments of {@code setWebhook} (core.telegram.org/bots/api#setwebhook).
 *
 * @param url the HTTPS URL Telegram posts updates to
 * @param secretToken sent back by Telegram in {@code X-Telegram-Bot-Api-Secret-Token}; null for none
 * @param allowedUpdates update types to receive; empty for Telegram's default
 * @param maxConnections 1-100 simultaneous webhook connections
 * @param dropPendingUpdates whether Telegram drops the updates it holds
 */
public record WebhookRegistration(String url, String secretToken, List<String> allowedUpdates,
    int maxConnections, boolean dropPendingUpdates) {

  public WebhookRegistration {
    allowedUpdates = allowedUpdates == null ? List.of() : List.copyOf(allowedUpdates);
  }

  /** Never shows the secret token. */
  @Override
  public String toString() {
    return "WebhookRegistration[url=" + url + ", secretToken=" + (secretToken == null ? "none" : "***")
        + ", allowedUpdates=" + allowedUpdates + ", maxConnections=" + maxConnections
        + ", dropPendingUpdates=" + dropPendingUpdates + "]";
  }
}
