package marketgate.workers.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a closed day's candles: from the candle engine when that day is today and the engine is on
 * it, else from the published snapshots ({@link PublishedDayCandles}). Runs on the rollup node only,
 * so every history node stores the same bars (an engine bar at 15:30:30 and a snapshot bar read later
 * may differ, and two scan workers would then disagree).
 */
final class DayCandlesFinder {
  private static final Logger LOG = LoggerFactory.getLogger(DayCandlesFinder.class);
  private static final long ENGINE_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final Clock clock;
  private final PublishedDayCandles published;

  /** @param published the published snapshots to fall back on, or null when this node has no data directory */
  DayCandlesFinder(Vertx vertx, Clock clock, PublishedDayCandles published) {
    this.vertx = vertx;
    this.clock = clock;
    this.published = published;
  }

  /** The day's candles; empty when no source has them (yet). */
  Future<DayCandles> find(LocalDate day) {
    // Only today's bar comes from the engine: an engine whose current day is a past one replays
    // or simulates it, and its bar may be far from the day's end.
    Future<List<DailyBar>> engine = day.equals(MarketClock.istDate(clock.instant().getEpochSecond()))
        ? fromEngine(day) : Future.succeededFuture(List.of());
    return engine.recover(e -> {
      LOG.info("the candle engine cannot give {} ({}): trying the published snapshots", day, e.getMessage());
      return Future.succeededFuture(List.of());
    }).compose(bars -> {
      if (!bars.isEmpty()) {
        return Future.succeededFuture(new DayCandles(day, "the candle engine", bars));
      }
      if (published == null) {
        return Future.succeededFuture(DayCandles.none(day));
      }
      return vertx.executeBlocking(() -> {
        List<DailyBar> found = List.copyOf(published.read(day).values());
        return found.isEmpty() ? DayCandles.none(day) : new DayCandles(day, "the published snapshots", found);
      });
    });
  }

  /** The engine's day candles, when its current day is the one asked for. */
  private Future<List<DailyBar>> fromEngine(LocalDate day) {
    return vertx.eventBus().<JsonObject>request(Addresses.TICKS_DAY_CANDLES, new JsonObject(),
        new DeliveryOptions().setSendTimeout(ENGINE_TIMEOUT_MILLIS)).map(reply -> {
          JsonObject body = reply.body();
          if (!day.toString().equals(body.getString("date"))) {
            return List.of();
          }
          JsonObject candles = body.getJsonObject("candles", new JsonObject());
          List<DailyBar> bars = new ArrayList<>(candles.size());
          for (String symbol : candles.fieldNames()) {
            JsonObject c = candles.getJsonObject(symbol);
            bars.add(new DailyBar(symbol, day, c.getDouble("open"), c.getDouble("high"), c.getDouble("low"),
                c.getDouble("close"), c.getDouble("volume", 0.0)));
          }
          return bars;
        });
  }
}
