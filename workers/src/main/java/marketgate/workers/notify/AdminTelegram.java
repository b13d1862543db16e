package marketgate.workers.notify;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.Optional;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.telegram.TelegramClient;
import marketgate.shared.telegram.TelegramLimits;

/**
 * The one place workers build the Telegram client for operator messages (BlueDot notices, monitor
 * alerts), so swapping the client's construction touches one line.
 */
public final class AdminTelegram {
  private AdminTelegram() {}

  /** The client when {@code TELEGRAM_BOT_TOKEN} and {@code bot.adminChatId} are both set, else empty. */
  public static Optional<TelegramClient> client(Vertx vertx, WebClient web, MarketgateConfig config) {
    if (config.bot().adminChatId().isBlank()) {
      return Optional.empty();
    }
    return config.secrets().get(Secrets.TELEGRAM_BOT_TOKEN)
        .map(token -> new TelegramClient(vertx, config.bot().apiUrl(), token, TelegramLimits.of(config.bot().limits())));
  }
}
