package marketgate.workers.ticks.kite;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Every field of one decoded Kite packet, for tests, debugging and tools. The hot path never builds
 * one of these: it appends into a {@code TickBatch} instead (see {@link KitePacketDecoder}).
 *
 * <p>Fields a packet kind does not carry are 0 or null: an {@code ltp} packet has only the token and
 * the last price; index packets have no quantities; only {@code full} packets have OI, times and
 * depth.
 *
 * @param mode {@code ltp}, {@code quote} or {@code full} (index packets: 28 bytes quote, 32 full)
 * @param tradable false for indices (segment 9)
 * @param change absolute: last price minus previous close (the unit of Kite's mock truths), 0
 *     when the close is 0
 * @param changePercent as Kite's python client computes it: (last - close) * 100 / close, 0 when
 *     the close is 0
 * @param depth five bids and five asks, null unless {@code full} mode of a tradable instrument
 */
public record KiteTick(
    String mode,
    boolean tradable,
    int instrumentToken,
    double lastPrice,
    long lastQuantity,
    double averagePrice,
    long volume,
    long buyQuantity,
    long sellQuantity,
    Ohlc ohlc,
    double change,
    double changePercent,
    Instant lastTradeTime,
    long oi,
    long oiDayHigh,
    long oiDayLow,
    Instant exchangeTimestamp,
    Depth depth) {

  public static final String MODE_LTP = "ltp";
  public static final String MODE_QUOTE = "quote";
  public static final String MODE_FULL = "full";

  /** Kite shows times in IST; the mock truths are ISO-8601 with a +05:30 offset. */
  private static final DateTimeFormatter IST =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.of("Asia/Kolkata"));

  public record Ohlc(double open, double high, double low, double close) {}

  public record DepthEntry(double price, long quantity, int orders) {}

  public record Depth(List<DepthEntry> buy, List<DepthEntry> sell) {}

  /** True when the packet carried day quantities (quote or full of a tradable instrument). */
  public boolean hasQuantities() {
    return tradable && !MODE_LTP.equals(mode);
  }

  /**
   * The tick in the shape of Kite's ticker mocks ({@code ticker_full.json}): only the keys this
   * packet kind carries, times as ISO-8601 in IST, plus {@code change_percent}.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("mode", mode)
        .put("tradable", tradable)
        .put("instrument_token", instrumentToken)
        .put("last_price", lastPrice);
    if (MODE_LTP.equals(mode)) {
      return json;
    }
    if (tradable) {
      json.put("last_quantity", lastQuantity)
          .put("average_price", averagePrice)
          .put("volume", volume)
          .put("buy_quantity", buyQuantity)
          .put("sell_quantity", sellQuantity);
    }
    json.put("ohlc", new JsonObject()
        .put("open", ohlc.open())
        .put("high", ohlc.high())
        .put("low", ohlc.low())
        .put("close", ohlc.close()));
    if (tradable && MODE_FULL.equals(mode)) {
      json.put("last_trade_time", format(lastTradeTime))
          .put("oi", oi)
          .put("oi_day_high", oiDayHigh)
          .put("oi_day_low", oiDayLow);
    }
    if (MODE_FULL.equals(mode)) {
      json.put("timestamp", format(exchangeTimestamp));
    }
    json.put("change", change).put("change_percent", changePercent);
    if (depth != null) {
      json.put("depth", new JsonObject().put("buy", toJson(depth.buy())).put("sell", toJson(depth.sell())));
    }
    return json;
  }

  private static JsonArray toJson(List<DepthEntry> side) {
    JsonArray array = new JsonArray();
    for (DepthEntry e : side) {
      array.add(new JsonObject().put("price", e.price()).put("quantity", e.quantity()).put("orders", e.orders()));
    }
    return array;
  }

  private static String format(Instant time) {
    return time == null ? null : IST.format(time);
  }
}
