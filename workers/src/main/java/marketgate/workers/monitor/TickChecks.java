package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import marketgate.shared.config.AlertsConfig;
import marketgate.shared.time.MarketClock;

/**
 * The tick feed: silence while the feed's market is open, the share of rejected ticks and of
 * garbage frames since the last round, and the Kite connection during NSE hours. Shares are over
 * the counters' growth between two rounds, so an old burst does not alarm forever.
 */
final class TickChecks {
  static final String NO_TICK = "ticks.no_tick";
  static final String REJECTIONS = "ticks.rejections";
  static final String GARBAGE = "ticks.garbage_frames";
  static final String KITE_DOWN = "ticks.kite_down";
  /** Below this many new ticks (frames) in a round a share says nothing. */
  static final long MIN_SAMPLE = 100;

  private final AlertsConfig alerts;
  private final MarketClock clock;
  private final Instant started;
  private long[] previousTicks;
  private long[] previousFrames;

  TickChecks(AlertsConfig alerts, MarketClock clock, Instant started) {
    this.alerts = alerts;
    this.clock = clock;
    this.started = started;
  }

  List<CheckResult> evaluate(Facts facts) {
    return List.of(noTick(facts), rejections(facts), garbage(facts), kiteDown(facts));
  }

  CheckResult noTick(Facts facts) {
    if (facts.ticks() == null) {
      return CheckResult.unknown(NO_TICK, "the candle engine did not answer");
    }
    Instant feedTime = facts.feedTime() == null ? facts.now() : facts.feedTime();
    if (!clock.isMarketOpen(feedTime)) {
      return CheckResult.ok(NO_TICK, "market closed");
    }
    Instant lastBatch = Facts.instant(facts.ticks(), "last_batch_time");
    Instant since = lastBatch == null ? latest(started, MarketClock.sessionOpen(feedTime.getEpochSecond())) : lastBatch;
    long quiet = Duration.between(since, facts.now()).toSeconds();
    return CheckResult.when(quiet > alerts.noTickSeconds(), NO_TICK, lastBatch == null
        ? "no tick since " + since + " while the market is open"
        : "last tick batch " + quiet + " s ago (limit " + alerts.noTickSeconds() + " s) while the market is open");
  }

  private static Instant latest(Instant a, long epochSecond) {
    Instant b = Instant.ofEpochSecond(epochSecond);
    return a.isAfter(b) ? a : b;
  }

  /** Rejected ticks (out-of-session ones aside: Kite sends those before 09:15 by design) per tick. */
  CheckResult rejections(Facts facts) {
    if (facts.ticks() == null) {
      return CheckResult.unknown(REJECTIONS, "the candle engine did not answer");
    }
    JsonObject rejected = facts.ticks().getJsonObject("rejected", new JsonObject());
    long bad = 0;
    for (String reason : rejected.fieldNames()) {
      if (!reason.equals("out_of_session")) {
        bad += rejected.getLong(reason, 0L);
      }
    }
    long[] now = {facts.ticks().getLong("ticks_processed", 0L) + bad, bad};
    long[] before = previousTicks;
    previousTicks = now;
    return share(REJECTIONS, before, now, alerts.rejectShare(), "ticks rejected");
  }

  CheckResult garbage(Facts facts) {
    JsonObject source = facts.source();
    if (source == null || !source.containsKey("frames") || !source.containsKey("malformed_total")) {
      return CheckResult.unknown(GARBAGE, "the tick source reports no frame counters");
    }
    long[] now = {source.getLong("frames", 0L), source.getLong("malformed_total", 0L)};
    long[] before = previousFrames;
    previousFrames = now;
    return share(GARBAGE, before, now, alerts.garbageFrameShare(), "frames malformed");
  }

  private static CheckResult share(String check, long[] before, long[] now, double limit, String what) {
    if (before == null || now[0] < before[0]) {
      return CheckResult.unknown(check, "first sample (or the counters restarted)");
    }
    long total = now[0] - before[0];
    long bad = now[1] - before[1];
    if (total < MIN_SAMPLE) {
      return CheckResult.unknown(check, "only " + total + " new since the last round");
    }
    double share = (double) bad / total;
    return CheckResult.when(share > limit, check, String.format(java.util.Locale.ROOT,
        "%d of %d %s (%.1f%%, limit %.1f%%)", bad, total, what, share * 100, limit * 100));
  }

  CheckResult kiteDown(Facts facts) {
    JsonObject source = facts.source();
    if (source == null) {
      return CheckResult.unknown(KITE_DOWN, "the tick source did not answer");
    }
    if (!"kite".equals(source.getString("source"))) {
      return CheckResult.ok(KITE_DOWN, "the tick source is not Kite");
    }
    if (!clock.isMarketOpen(facts.now())) {
      return CheckResult.ok(KITE_DOWN, "market closed");
    }
    boolean connected = source.getBoolean("connected", false);
    return CheckResult.when(!connected, KITE_DOWN, connected ? "connected"
        : "Kite WebSocket disconnected during market hours (last error: " + source.getString("last_error") + ")");
  }
}
