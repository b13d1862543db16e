package marketgate.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import marketgate.gateway.HttpErrors;
import marketgate.shared.bus.Addresses;
import marketgate.shared.model.Interval;

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
    bus.answer(ctx, Addresses.TICKS_CANDLES, symbol(ctx).put("interval", interval.label()).put("count", count));
  }

  public void latestTick(RoutingContext ctx) {
    bus.answer(ctx, Addresses.TICKS_LATEST, symbol(ctx));
  }

  /** Symbols are case-insensitive for people; Kite's trading symbols are upper case. */
  private static JsonObject symbol(RoutingContext ctx) {
    return new JsonObject().put("symbol", ctx.pathParam("symbol").trim().toUpperCase(java.util.Locale.ROOT));
  }
}
