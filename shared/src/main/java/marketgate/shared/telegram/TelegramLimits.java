package marketgate.shared.telegram;

/**
 * The outgoing limits of one bot (core.telegram.org/bots/faq, "My bot is hitting limits"): about
 * 30 messages a second overall, about one a second per chat (short bursts tolerated) and 20 a
 * minute per group. The client keeps them at Telegram's end whatever the network delay (see
 * {@code OutgoingQueue}).
 *
 * @param globalPerSecond messages a second over all chats
 * @param perChatPerSecond sustained messages a second to one chat
 * @param perChatBurst messages one chat may receive back to back before the rate applies
 * @param perGroupPerMinute messages a minute to one group, supergroup or channel (negative chat id)
 * @param queueCapacity outgoing calls waiting or in flight; past it a new call fails at once
 * @param maxRetries retries of one call after a 429, a 5xx or a network error
 * @param maxBackoffMillis the longest wait between two retries after a 5xx or a network error
 */
public record TelegramLimits(int globalPerSecond, double perChatPerSecond, int perChatBurst,
    int perGroupPerMinute, int queueCapacity, int maxRetries, long maxBackoffMillis) {

  public TelegramLimits {
    if (globalPerSecond < 1 || perChatPerSecond <= 0 || perChatBurst < 1 || perGroupPerMinute < 1
        || queueCapacity < 1 || maxRetries < 0 || maxBackoffMillis < 1) {
      throw new IllegalArgumentException("Telegram limits must be positive (retries may be 0): " + this);
    }
  }

  /** Telegram's published limits: 30/s overall, 1/s per chat with a burst of 3, 20/min per group. */
  public static TelegramLimits defaults() {
    return new TelegramLimits(30, 1.0, 3, 20, 10_000, 5, 30_000);
  }

  /** The limits configured under {@code bot.limits}. */
  public static TelegramLimits of(marketgate.shared.config.BotConfig.Limits l) {
    return new TelegramLimits(l.globalPerSecond(), l.perChatPerSecond(), l.perChatBurst(), l.perGroupPerMinute(),
        l.queueCapacity(), l.maxRetries(), l.maxBackoffMillis());
  }
}
