package marketgate.shared.config;

import java.util.List;
import java.util.Set;

/**
 * The Telegram bot ({@code bot.*}).
 *
 * @param mode {@code webhook}, {@code polling} or {@code auto} (webhook when {@code webhookUrl} is set)
 * @param scanMode {@code cluster} (scans run on the bus) or {@code workflow} (a GitHub workflow_dispatch)
 * @param maxInlineRows rows posted as a table; a longer result also arrives as a CSV document
 * @param watchIntervalSeconds how often watches run outside market hours; 0 = only after snapshots
 * @param allowedChats chats allowed to scan and watch; empty = everyone
 */
public record BotConfig(
    String apiUrl,
    String adminChatId,
    String mode,
    String webhookUrl,
    int maxConnections,
    boolean dropPendingUpdates,
    int pollTimeoutSeconds,
    String scanMode,
    Workflow workflow,
    int maxInlineRows,
    int watchIntervalSeconds,
    int maxWatchesPerChat,
    List<String> allowedChats,
    int scansPerUserPerMinute,
    Limits limits) {

  /** Where {@code scanMode = workflow} sends its {@code workflow_dispatch}. */
  public record Workflow(String repository, String file, String ref, String githubApiUrl) {}

  /** The outgoing queue's limits (Telegram's: 30 msg/s overall, ~1/s per chat, 20/min per group). */
  public record Limits(int globalPerSecond, double perChatPerSecond, int perChatBurst, int perGroupPerMinute,
      int queueCapacity, int maxRetries, long maxBackoffMillis) {}

  static BotConfig from(ConfigReader r) {
    ConfigReader w = r.section("workflow");
    ConfigReader l = r.section("limits");
    return new BotConfig(
        r.string("apiUrl"),
        r.string("adminChatId"),
        r.oneOf("mode", Set.of("auto", "webhook", "polling")),
        r.string("webhookUrl"),
        r.intIn("maxConnections", 1, 100),
        r.bool("dropPendingUpdates"),
        r.intIn("pollTimeoutSeconds", 0, 50),
        r.oneOf("scanMode", Set.of("cluster", "workflow")),
        new Workflow(w.string("repository"), w.string("file"), w.string("ref"), w.string("githubApiUrl")),
        r.intIn("maxInlineRows", 1, 1000),
        r.intIn("watchIntervalSeconds", 0, 86_400),
        r.intIn("maxWatchesPerChat", 1, 1000),
        r.stringList("allowedChats"),
        r.intIn("scansPerUserPerMinute", 1, 10_000),
        new Limits(l.intIn("globalPerSecond", 1, 1000), l.doubleIn("perChatPerSecond", 0.01, 100),
            l.intIn("perChatBurst", 1, 100), l.intIn("perGroupPerMinute", 1, 6000),
            l.intIn("queueCapacity", 1, 1_000_000), l.intIn("maxRetries", 0, 100),
            l.longIn("maxBackoffMillis", 1, 3_600_000)));
  }

  /** The mode that runs: {@code auto} resolved by whether a webhook URL is set. */
  public String effectiveMode() {
    if (!mode.equals("auto")) {
      return mode;
    }
    return webhookUrl.isBlank() ? "polling" : "webhook";
  }

  /** Whether this chat may scan and watch. */
  public boolean allows(String chatId) {
    return allowedChats.isEmpty() || allowedChats.contains(chatId);
  }
}
