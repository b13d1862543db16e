package marketgate.shared.bus;

/**
 * Every event-bus address of the system, in one place. Request/reply addresses say so; the rest
 * are publish or send.
 */
public final class Addresses {
  private Addresses() {}

  /** Tick batches ({@code TickBatch}) from any source to the candle engine. Send. */
  public static final String TICKS_IN = "ticks.in";
  /** Request/reply: {@code {"symbol"|"token", "interval", "count"}} -> candles. */
  public static final String TICKS_CANDLES = "ticks.candles";
  /** Request/reply: {} -> the instrument list with last prices. */
  public static final String TICKS_INSTRUMENTS = "ticks.instruments";
  /** Request/reply: {@code {"symbol"|"token"}} -> the latest tick and day candle. */
  public static final String TICKS_LATEST = "ticks.latest";
  /** Request/reply: {} -> candle engine stats. */
  public static final String TICKS_STATS = "ticks.stats";
  /** Request/reply: {@code {"sinceVersion"}} -> a copy of the store for publishing. */
  public static final String TICKS_EXPORT = "ticks.export";
  /** Request/reply: {} -> checkpoint the store now (used on orderly shutdown and by jobs). */
  public static final String TICKS_CHECKPOINT = "ticks.checkpoint";

  /** Published after each snapshot publish: {@code {"paths":[...], "etags":{...}, "time"}}. */
  public static final String SNAPSHOT_PUBLISHED = "snapshot.published";
  /** Request/reply: publish a snapshot now -> the publish result. */
  public static final String PUBLISH_NOW = "publish.now";

  /** Request/reply: daily candles of a symbol from the history store. */
  public static final String HISTORY_DAILY = "history.daily";

  /** Request/reply: {@code {"code": "X:12:9:2.5"}} -> scan result rows. */
  public static final String SCANS_RUN = "scans.run";

  /** Telegram updates accepted by the webhook, one per message. Send. */
  public static final String BOT_UPDATES = "bot.updates";

  /** Drive change notifications, deduplicated by (channel, message number). Send. */
  public static final String DRIVE_CHANGES = "drive.changes";
  /** Request/reply: convert a BlueDot batch. */
  public static final String BLUEDOT_CONVERT = "bluedot.convert";
  /** Published when a BlueDot batch is converted. */
  public static final String BLUEDOT_CONVERTED = "bluedot.converted";

  /** Alerts for operators (published by the monitor). */
  public static final String MONITOR_ALERTS = "monitor.alerts";
  /** Request/reply: health of every pipeline, for {@code /status}. */
  public static final String MONITOR_STATUS = "monitor.status";
}
