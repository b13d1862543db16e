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
    return telegram.sendMessage(chatId, alert.text()).mapEmpty();
  }
}
