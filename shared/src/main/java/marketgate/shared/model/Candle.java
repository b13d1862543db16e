package marketgate.shared.model;

import io.vertx.core.json.JsonObject;

/**
 * One OHLCV candle, in the snapshot shape of FORMATS.md.
 *
 * @param timestamp epoch seconds of the bucket start
 */
public record Candle(
    long timestamp,
    double open,
    double high,
    double low,
    double close,
    long volume,
    long oi,
    int tickCount,
    boolean complete) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("timestamp", timestamp)
        .put("open", open)
        .put("high", high)
        .put("low", low)
        .put("close", close)
        .put("volume", volume)
        .put("oi", oi)
        .put("tick_count", tickCount)
        .put("is_complete", complete);
  }

  public static Candle fromJson(JsonObject json) {
    return new Candle(
        json.getLong("timestamp"),
        json.getDouble("open"),
        json.getDouble("high"),
        json.getDouble("low"),
        json.getDouble("close"),
        json.getLong("volume", 0L),
        json.getLong("oi", 0L),
        json.getInteger("tick_count", 0),
        json.getBoolean("is_complete", false));
  }
}
