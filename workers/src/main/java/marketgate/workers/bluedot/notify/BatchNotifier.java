package marketgate.workers.bluedot.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.telegram.TelegramClient;
import marketgate.workers.bluedot.convert.BatchResult;
import marketgate.workers.bluedot.convert.FailedFile;
import marketgate.workers.notify.AdminTelegram;
import marketgate.workers.notify.Webhooks;

/**
 * Tells people how a batch went: a JSON summary to a generic webhook ({@code text} for Slack,
 * {@code content} for Discord, and the structured fields for anything else) and a Telegram
 * message to the admin chat. Either is optional. A failed notification is reported in the
 * returned future and never undoes the batch.
 */
public final class BatchNotifier {
  private static final int LISTED_FAILURES = 20;

  private final WebClient client;
  private final String webhookUrl;
  private final TelegramClient telegram;
  private final String adminChatId;

  /**
   * @param webhookUrl empty for none
   * @param telegram null unless {@code TELEGRAM_BOT_TOKEN} and {@code bot.adminChatId} are set
   */
  public BatchNotifier(WebClient client, String webhookUrl, TelegramClient telegram, String adminChatId) {
    this.client = client;
    this.webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
    this.telegram = adminChatId == null || adminChatId.isBlank() ? null : telegram;
    this.adminChatId = adminChatId;
  }

  /**
   * The notifier of a configuration: {@code bluedot.notifyWebhookUrl} and, when both
   * {@code TELEGRAM_BOT_TOKEN} and {@code bot.adminChatId} are set, the Telegram admin chat.
   */
  public static BatchNotifier fromConfig(io.vertx.core.Vertx vertx, WebClient client,
      marketgate.shared.config.MarketgateConfig config) {
    TelegramClient telegram = AdminTelegram.client(vertx, client, config).orElse(null);
    return new BatchNotifier(client, config.bluedot().notifyWebhookUrl(), telegram, config.bot().adminChatId());
  }

  public boolean enabled() {
    return !webhookUrl.isEmpty() || telegram != null;
  }

  public Future<Void> notify(BatchResult result) {
    String text = text(result);
    List<Future<?>> sent = new ArrayList<>();
    if (!webhookUrl.isEmpty()) {
      sent.add(Webhooks.post(client, webhookUrl, summary(result, text)));
    }
    if (telegram != null) {
      // The client refuses a text over Telegram's limit instead of cutting it; a summary may cut.
      sent.add(telegram.sendMessage(adminChatId, text.length() > TelegramClient.MAX_TEXT
          ? text.substring(0, TelegramClient.MAX_TEXT - 1) + "\u2026" : text));
    }
    return Future.all(sent).mapEmpty();
  }

  public static JsonObject summary(BatchResult r, String text) {
    JsonArray failed = new JsonArray();
    for (FailedFile f : r.failures()) {
      failed.add(new JsonObject().put("file", f.file()).put("reason", f.reason()));
    }
    return Webhooks.payload(text)
        .put("timeframe", r.timeframe().folder())
        .put("label", r.label())
        .put("good", r.good())
        .put("latest", r.latestLabel())
        .put("total", r.totalFiles())
        .put("processed", r.converted())
        .put("failedCount", r.failures().size())
        .put("failed", failed);
  }

  public static String text(BatchResult r) {
    StringBuilder t = new StringBuilder();
    t.append("BlueDot ").append(r.timeframe().folder()).append(' ').append(r.label()).append(": ")
        .append(r.converted()).append(" of ").append(r.totalFiles()).append(" stocks processed, ")
        .append(r.failures().size()).append(" failed; ")
        .append(r.latestOutcome());
    int listed = 0;
    for (FailedFile f : r.failures()) {
      if (listed++ == LISTED_FAILURES) {
        t.append("\n... and ").append(r.failures().size() - LISTED_FAILURES).append(" more (see pages/index.html)");
        break;
      }
      t.append("\n- ").append(f.file()).append(": ").append(f.reason());
    }
    return t.toString();
  }
}
