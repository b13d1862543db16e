package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What the monitor learned in one round, each part as the pipeline's own status reply (see
 * {@code Addresses}) or null when that pipeline did not answer (not deployed, or down).
 *
 * @param ticks {@code ticks.stats}
 * @param source {@code ticks.source.status}
 * @param dayCandles {@code ticks.day-candles}
 * @param publish {@code publish.status}
 * @param bluedot {@code bluedot.status}
 * @param cluster membership as the cluster manager sees it
 */
public record Facts(Instant now, JsonObject ticks, JsonObject source, JsonObject dayCandles, JsonObject publish,
    JsonObject bluedot, ClusterView cluster) {

  /** Reads an ISO-8601 instant field; null when absent or unreadable. */
  static Instant instant(JsonObject json, String field) {
    String text = json == null ? null : json.getString(field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The market time of the tick feed: the newest tick time moved on by the wall time since its
   * batch arrived (as the candle store computes it). For Kite it is the wall clock; for the
   * simulator, which replays a session outside NSE hours, it is the simulated session's time, so
   * "no tick while the market is open" means the feed's market. Null without ticks.
   */
  Instant feedTime() {
    Instant lastTick = instant(ticks, "last_tick_time");
    Instant lastBatch = instant(ticks, "last_batch_time");
    if (lastTick == null || lastBatch == null) {
      return lastTick == null ? null : (lastTick.isAfter(now) ? lastTick : now);
    }
    return lastTick.plusMillis(Math.max(0, now.toEpochMilli() - lastBatch.toEpochMilli()));
  }
}
