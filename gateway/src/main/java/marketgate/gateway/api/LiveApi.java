package marketgate.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import io.vertx.ext.web.RoutingContext;
import marketgate.gateway.HttpErrors;
import marketgate.shared.bus.Addresses;
import marketgate.shared.model.Interval;
import marketgate.shared.time.MarketClock;

/** Live reads from the candle store over the bus: instruments, candles, latest tick. */
public final class LiveApi {
  static final int MAX_COUNT = 1000;
  static final int DEFAULT_COUNT = 100;

  private final BusRequests bus;

  public LiveApi(Vertx vertx, long timeoutMillis) {
    this.bus = new BusRequests(vertx, timeoutMillis);
  }

  public void instruments(RoutingContext ctx) {
    bus.answer(ctx, Addresses.TICKS_INSTRUMENTS, new JsonObject());
  }

  public void candles(RoutingContext ctx) {
    Interval interval;
    try {
      interval = Interval.parse(ctx.queryParams().get("interval") == null ? "5m" : ctx.queryParams().get("interval"));
    } catch (IllegalArgumentException e) {
      HttpErrors.send(ctx, 400, "bad interval", "interval must be one of: " + Interval.labels());
      return;
    }
    String countParam = ctx.queryParams().get("count");
    int count;
    try {
      count = countParam == null ? DEFAULT_COUNT : Integer.parseInt(countParam.trim());
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > MAX_COUNT) {
      HttpErrors.send(ctx, 400, "bad count", "count must be a whole number from 1 to " + MAX_COUNT + ", got '" + countParam + "'");
      return;
    }
    JsonObject request = symbol(ctx).put("interval", interval.label()).put("count", count);
    if (interval == Interval.DAY) {
      dailyCandles(ctx, request, count);
    } else {
      bus.answer(ctx, Addresses.TICKS_CANDLES, request);
    }
  }

  /**
   * Day candles: the daily history (the history role) before the days the live store holds, so a
   * daily chart reaches back a year and not just to the node's start. Either part alone is answered
   * when the other has no node or no such symbol; a failure of both is the live store's answer.
   */
  private void dailyCandles(RoutingContext ctx, JsonObject request, int count) {
    Future<JsonObject> live = bus.request(Addresses.TICKS_CANDLES, request);
    Future<JsonObject> history = bus.request(Addresses.HISTORY_DAILY,
        new JsonObject().put("symbol", request.getString("symbol")).put("days", count));
    Future.join(live, history).onComplete(done -> {
      if (live.failed() && (history.failed() || !missing(live.cause()))) {
        BusRequests.fail(ctx, Addresses.TICKS_CANDLES, live.cause());
        return;
      }
      JsonArray liveCandles = live.succeeded() ? live.result().getJsonArray("candles", new JsonArray()) : new JsonArray();
      long firstLive = liveCandles.isEmpty() ? Long.MAX_VALUE : liveCandles.getJsonObject(0).getLong("timestamp");
      JsonArray merged = new JsonArray();
      if (history.succeeded()) {
        for (Object o : history.result().getJsonArray("candles", new JsonArray())) {
          JsonObject bar = historyBar((JsonObject) o);
          if (bar.getLong("timestamp") < firstLive) {
            merged.add(bar);
          }
        }
      }
      merged.addAll(liveCandles);
      JsonArray newest = new JsonArray(merged.getList().subList(Math.max(0, merged.size() - count), merged.size()));
      JsonObject body = live.succeeded() ? live.result().copy() : new JsonObject()
          .put("symbol", request.getString("symbol")).put("interval", Interval.DAY.label());
      BusRequests.send(ctx, body.put("candles", newest));
    });
  }

  /** No node serves it, or it has no such symbol: the other part may still answer. */
  private static boolean missing(Throwable cause) {
    return cause instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureCode() == 404);
  }

  /** A history bar ({@code date}) as a day candle of the live store (IST midnight, complete). */
  private static JsonObject historyBar(JsonObject bar) {
    long midnight = LocalDate.parse(bar.getString("date")).atStartOfDay(MarketClock.IST).toEpochSecond();
    return new JsonObject()
        .put("timestamp", midnight)
        .put("open", bar.getValue("open"))
        .put("high", bar.getValue("high"))
        .put("low", bar.getValue("low"))
        .put("close", bar.getValue("close"))
        .put("volume", bar.getValue("volume"))
        .put("oi", null)
        .put("tick_count", null)
        .put("is_complete", true);
  }

  public void latestTick(RoutingContext ctx) {
    bus.answer(ctx, Addresses.TICKS_LATEST, symbol(ctx));
  }

  /** Symbols are case-insensitive for people; Kite's trading symbols are upper case. */
  private static JsonObject symbol(RoutingContext ctx) {
    return new JsonObject().put("symbol", ctx.pathParam("symbol").trim().toUpperCase(java.util.Locale.ROOT));
  }
}
