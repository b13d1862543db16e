package marketgate.shared.bus;

/**
 * Every event-bus address of the system, in one place. Request/reply addresses say so; the rest
 * are publish or send.
 */
public final class Addresses {
  private Addresses() {}

  /** Tick batches ({@code TickBatch}) from any source to the candle engine. Send. */
  public static final String TICKS_IN = "ticks.in";
  /**
   * Request/reply: {@code {"symbol": "INFY"} or {"token": 408065}, "interval": "5m", "count": 100}
   * -> {@code {"symbol", "token", "interval", "candles": [candle, ...]}} oldest first. Fails with
   * 404 for an unknown instrument, 400 for a bad interval or count.
   */
  public static final String TICKS_CANDLES = "ticks.candles";
  /**
   * Request/reply: {} -> {@code {"count", "instruments": [{"token", "symbol", "exchange",
   * "segment", "last_price", "last_tick_time"}]}}; last fields null before the first tick.
   */
  public static final String TICKS_INSTRUMENTS = "ticks.instruments";
  /**
   * Request/reply: {@code {"symbol"|"token"}} -> {@code {"symbol", "token", "last_price",
   * "cumulative_volume", "oi", "time" (ISO-8601), "day": candle}}; 404 when unknown or no tick yet.
   */
  public static final String TICKS_LATEST = "ticks.latest";
  /**
   * Request/reply: {} -> {@code {"date": "YYYY-MM-DD", "candles": {"SYM": {"open", "high", "low",
   * "close", "volume"}}}}: today's day candle of every instrument with ticks (scans merge it into
   * history during market hours).
   */
  public static final String TICKS_DAY_CANDLES = "ticks.day-candles";
  /** Request/reply: {} -> candle engine stats (see CandleStoreStats). */
  public static final String TICKS_STATS = "ticks.stats";
  /**
   * Request/reply: {} -> counters of the running tick source (Kite WebSocket or replay): {@code
   * {"source", "connected", "frames", "packets", "ticks", "heartbeats", "malformed": {reason: n},
   * "reconnects", "last_frame_time", ...}}.
   */
  public static final String TICKS_SOURCE_STATUS = "ticks.source.status";
  /**
   * Published in short rounds while candles change, each instrument at most once every
   * {@code stream.coalesceMillis}: {@code {"version": store
   * version, "time": epoch millis, "candles": {"INFY": {"1m": candle, "5m": candle, ...}}}} with
   * only the newest changed candle of each series (candle as in {@link #TICKS_CANDLES}). Gateways fan it out to {@code /api/v1/stream}.
   */
  public static final String TICKS_UPDATES = "ticks.updates";
  /**
   * Published (no body) by a gateway while it has a stream that wants candles: the candle updates run
   * for {@link #TICKS_UPDATES_DEMAND_LEASE_MILLIS} after the last one, and not at all while nobody
   * watches (building them took a third of the event loops' time in {@code marketgate run}).
   */
  public static final String TICKS_UPDATES_DEMAND = "ticks.updates.demand";
  /** How long one demand keeps the candle updates running; gateways renew it at a third of this. */
  public static final long TICKS_UPDATES_DEMAND_LEASE_MILLIS = 15_000;
  /** Request/reply: {} -> checkpoint the store now (used on orderly shutdown and by jobs). */
  public static final String TICKS_CHECKPOINT = "ticks.checkpoint";

  /**
   * Published after each snapshot publish: {@code {"time": ISO-8601, "files": [{"path", "etag",
   * "size"}]}}. Gateways refresh their memory layer from it.
   */
  public static final String SNAPSHOT_PUBLISHED = "snapshot.published";
  /** Request/reply: publish a snapshot now -> the publish result. */
  public static final String PUBLISH_NOW = "publish.now";
  /** Request/reply: {} -> publisher health (last success, failures, freshness). */
  public static final String PUBLISH_STATUS = "publish.status";
  /**
   * Request/reply: {@code {"path": "data/candles/latest.json.gz"}} -> the bytes of the newest
   * published copy of that file (Buffer), with headers {@code etag} and {@code last-modified}
   * (epoch millis). Answered by the publisher from memory (the gateway's "live" layer); 404 when it
   * holds no such file.
   */
  public static final String SNAPSHOT_FILE = "snapshot.file";

  /**
   * Request/reply: {@code {"path": "data/candles/latest.json.gz"}} -> the bytes a gateway holds in
   * its memory layer for that path (Buffer), headers {@code etag} and {@code last-modified}; 404 when
   * it holds none. A node taking the ticks unit over seeds its candle store from it.
   */
  public static final String MIRROR_FILE = "mirror.file";

  /**
   * Request/reply: {@code {"symbol", "days" (default 260, 1..10000), "asOf" (YYYY-MM-DD, default
   * today IST)}} -> {@code {"symbol", "candles": [{"date", "open", "high", "low", "close",
   * "volume"}]}} oldest first; 404 for a symbol without history, 400 for bad arguments.
   */
  public static final String HISTORY_DAILY = "history.daily";

  /**
   * Request/reply to the end-of-day rollup (one node of the cluster): {@code {"date": "YYYY-MM-DD"}}
   * -> {@code {"date", "source", "bars": [["SYM", open, high, low, close, volume], ...]}}, the day
   * candles every history node stores for that trading day, the same bars for every node; 404 while
   * no source has them yet, 400 for a date that is not a closed trading day.
   */
  public static final String HISTORY_ROLLUP_DAY = "history.rollup.day";

  /**
   * Request/reply: {@code {"code": "X:12:9:2.5"}} -> {@code {"id", "code", "data_date", "took_ms",
   * "count", "live", "rows": [{"symbol", "ltp", "change_pct", "volume_ratio", "rsi14", "high_52w",
   * "low_52w", "level"}]}}; fails with 400 and a message for a person for a bad code, with 429 and a
   * retry hint when the workers are busy ({@code Overloaded}); an optional {@code "timeout_ms"} is
   * the caller's deadline, after which the scan is cancelled (504).
   */
  public static final String SCANS_RUN = "scans.run";
  /** Request/reply: {@code {"id"}} -> a recent scan result; 404 when unknown or expired. */
  public static final String SCANS_RESULT = "scans.result";
  /**
   * Request/reply: {} -> {@code {"menu": "X", "indexes": [{"id", "name"}], "scans": [{"id", "title",
   * "params": [{"name", "default", "min", "max", "integer"}]}]}}: what a scan code may use.
   */
  public static final String SCANS_MENU = "scans.menu";
  /** Request/reply: {} -> scan worker health and counters. */
  public static final String SCANS_STATUS = "scans.status";
  /** Request {}; reply {"lists": [{index, name, source, date, size, missing...}]}: the index member lists. */
  public static final String SCANS_UNIVERSES = "scans.universes";

  /** Telegram updates accepted by the webhook, one per message. Send. */
  public static final String BOT_UPDATES = "bot.updates";

  /** Drive change notifications, deduplicated by (channel, message number). Send. */
  public static final String DRIVE_CHANGES = "drive.changes";
  /** Request/reply: convert a BlueDot batch. */
  public static final String BLUEDOT_CONVERT = "bluedot.convert";
  /** Published when a BlueDot batch is converted. */
  public static final String BLUEDOT_CONVERTED = "bluedot.converted";
  /** Request/reply: {} -> BlueDot pipeline health (last batch, failures). */
  public static final String BLUEDOT_STATUS = "bluedot.status";
  /**
   * Published by the bot when a watched scan has new hits: {@code {"code", "symbols": [...], ...}}.
   * Gateways stream it as {@code alert} events.
   */
  public static final String BOT_WATCH_HITS = "bot.watch-hits";
  /** Request/reply: {} -> Telegram bot health. */
  public static final String BOT_STATUS = "bot.status";

  /**
   * Alerts for operators, published by the monitor once per delivery decision: {@code {"kind":
   * "opened"|"repeat"|"recovered", "incident": incident, "text"}} (incident as in MONITOR_STATUS).
   */
  public static final String MONITOR_ALERTS = "monitor.alerts";
  /**
   * Request/reply: {} -> {@code {"time", "incidents": {"open": [incident], "recent": [incident]},
   * "checks": {id: {"status": "ok"|"failing"|"unknown", "detail", "since"}}, "channels": {...},
   * "cluster": {...}}}; an incident is {@code {"id", "check", "summary", "opened", "closed",
   * "alerts"}} (times ISO-8601, {@code closed} null while open), newest first.
   */
  public static final String MONITOR_STATUS = "monitor.status";
  /**
   * Request/reply: {} -> run every monitor check now; the MONITOR_STATUS reply plus {@code
   * "healthy": true|false} (false while any incident is open). Used by the "monitor" job.
   */
  public static final String MONITOR_CHECK = "monitor.check";
  /**
   * Published by the monitor after every round of checks: {@code {"time", "open": [incident],
   * "checks": {id: 0|1}}} (1 = failing). The publisher puts the open incidents into metadata.json,
   * gateways turn the checks into Prometheus gauges; nobody has to ask synchronously.
   */
  public static final String MONITOR_INCIDENTS = "monitor.incidents";

  /**
   * Request/reply, one address per job ({@link #jobsStart}): {@code {"id", "job", "args"}} ->
   * {@code {"id", "node"}} once a node that has the job's role accepted it; the job then runs and
   * reports into the cluster-wide "jobs" map. Fails 400 naming a bad argument, 409 when the same
   * batch runs (the message carries the running job's id), 429 when the node is at capacity.
   */
  public static final String JOBS_START_PREFIX = "jobs.start.";
  /** Published: {@code {"id"}}: the node running that job undeploys its verticle (cancel). */
  public static final String JOBS_CANCEL = "jobs.cancel";

  /** The start address of one job, e.g. {@code jobs.start.scan}. */
  public static String jobsStart(String job) {
    return JOBS_START_PREFIX + job;
  }

}
