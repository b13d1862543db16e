package marketgate.workers.monitor;

import io.vertx.core.Future;
import marketgate.shared.telegram.TelegramClient;

/** Alerts as plain text to the admin chat ({@code bot.adminChatId}) through the bot's client. */
final class TelegramChannel implements AlertChannel {
  private final TelegramClient telegram;
  private final String chatId;

  TelegramChannel(TelegramClient telegram, String chatId) {
    this.telegram = telegram;
    this.chatId = chatId;
  }

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  public Future<Void> deliver(Alert alert) {
    // The client's own errors ("Telegram sendMessage answered ...") are safe to show; a transport
    // error's message may quote the request path, which holds the bot token.
    return telegram.sendMessage(chatId, alert.text()).<Void>mapEmpty().recover(e -> Future.failedFuture(
        String.valueOf(e.getMessage()).startsWith("Telegram ") ? e.getMessage()
            : "Telegram request failed (" + e.getClass().getSimpleName() + ")"));
  }
}
