package marketgate.workers.bot;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import marketgate.shared.config.BotConfig;
import marketgate.shared.telegram.TelegramClient;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of the bot shares, built once by {@link BotVerticle}: config, the one Telegram
 * client (one outgoing queue for the whole node), counters, clocks and the watch book.
 *
 * @param scanTimeoutMillis how long a {@code scans.run} request may take
 * @param nodeId this node's name in cluster-wide claims
 * @param username the bot's own username once getMe answered (commands to other bots are not ours)
 */
record BotContext(BotConfig config, int scanTimeoutMillis, TelegramClient client, BotCounters counters,
    Clock clock, MarketClock marketClock, WatchBook watches, String nodeId,
    java.util.concurrent.atomic.AtomicReference<String> username) {
  private static final Logger LOG = LoggerFactory.getLogger(BotContext.class);

  /** Sends HTML to a chat; never fails: a reply that cannot be delivered is logged and counted. */
  /** Whether a command addressed {@code /cmd@target} is for this bot (unknown names count as ours). */
  boolean addressedToUs(String target) {
    String me = username.get();
    return target == null || me == null || target.equalsIgnoreCase(me);
  }

  Future<Void> reply(String chatId, String html) {
    return reply(chatId, html, null);
  }

  Future<Void> reply(String chatId, String html, JsonObject keyboard) {
    return client.sendHtml(chatId, html, keyboard).<Void>mapEmpty().recover(this::undelivered);
  }

  /** Edits one of the bot's messages in place (the menu); never fails, like {@link #reply}. */
  Future<Void> edit(String chatId, long messageId, String html, JsonObject keyboard) {
    return client.editMessageText(chatId, messageId, html, keyboard).<Void>mapEmpty().recover(this::undelivered);
  }

  Future<Void> undelivered(Throwable e) {
    long failures = counters.replyFailures.incrementAndGet();
    // One WARN per 10 s at most (a closing client fails its whole queue at once); the rest at DEBUG.
    // The client never puts the token in its errors; the chat id is not secret.
    long now = System.currentTimeMillis();
    long last = counters.lastFailureWarnMillis.get();
    if (now - last >= 10_000 && counters.lastFailureWarnMillis.compareAndSet(last, now)) {
      LOG.warn("a bot reply was not delivered ({} undelivered in all): {}", failures, e.getMessage());
    } else {
      LOG.debug("a bot reply was not delivered: {}", e.getMessage());
    }
    return Future.succeededFuture();
  }
}
