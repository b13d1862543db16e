package marketgate.workers.ticks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import marketgate.shared.bus.Addresses;
import marketgate.shared.model.Candle;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Interval;
import marketgate.shared.time.MarketClock;

/**
 * Reads of the candle store over the bus: candles of a symbol or token, the instrument list, the
 * latest tick, and today's day candles for scans. The store is shared with {@link TicksVerticle}
 * in the same JVM and guards itself with its lock.
 */
public final class CandleQueryVerticle extends VerticleBase {
  static final int MAX_QUERY_COUNT = 100_000;

  private final CandleStore store;

  public CandleQueryVerticle(CandleStore store) {
    this.store = store;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    return Future.all(List.of(
        bus.<JsonObject>consumer(Addresses.TICKS_CANDLES, this::candles).completion(),
        bus.<JsonObject>consumer(Addresses.TICKS_INSTRUMENTS, this::instruments).completion(),
        bus.<JsonObject>consumer(Addresses.TICKS_LATEST, this::latest).completion(),
        bus.<JsonObject>consumer(Addresses.TICKS_DAY_CANDLES, this::dayCandles).completion()));
  }

  private long nowSeconds() {
    return store.nowSeconds(System.currentTimeMillis());
  }

  private int resolve(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Object token = body.getValue("token");
    String symbol = body.getString("symbol");
    if (token instanceof Number) {
      int idx = store.indexOf(((Number) token).intValue());
      if (idx < 0) {
        message.fail(404, "unknown instrument token " + token);
      }
      return idx;
    }
    if (symbol == null || symbol.isBlank()) {
      message.fail(400, "give a symbol or a token");
      return -1;
    }
    Instrument instrument = store.universe().bySymbol(symbol).orElse(null);
    if (instrument == null) {
      message.fail(404, "unknown symbol '" + symbol + "'");
      return -1;
    }
    return store.indexOf(instrument.token());
  }

  private void candles(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Interval interval;
    try {
      interval = Interval.parse(body.getString("interval", "5m"));
    } catch (IllegalArgumentException e) {
      message.fail(400, e.getMessage());
      return;
    }
    Object countValue = body.getValue("count", 100);
    if (!(countValue instanceof Number) || ((Number) countValue).intValue() < 1
        || ((Number) countValue).intValue() > MAX_QUERY_COUNT) {
      message.fail(400, "count must be a whole number from 1 to " + MAX_QUERY_COUNT);
      return;
    }
    int idx = resolve(message);
    if (idx < 0) {
      return;
    }
    Instrument instrument = store.instrument(idx);
    JsonArray candles = new JsonArray();
    for (Candle candle : store.candles(idx, interval, ((Number) countValue).intValue(), nowSeconds())) {
      candles.add(candle.toJson());
    }
    message.reply(new JsonObject()
        .put("symbol", instrument.symbol())
        .put("token", instrument.token())
        .put("interval", interval.label())
        .put("candles", candles));
  }

  private void instruments(Message<JsonObject> message) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < store.instrumentCount(); i++) {
      Instrument instrument = store.instrument(i);
      CandleStore.LatestTick tick = store.latest(i);
      list.add(new JsonObject()
          .put("token", instrument.token())
          .put("symbol", instrument.symbol())
          .put("exchange", instrument.exchange())
          .put("segment", instrument.segment())
          .put("last_price", tick == null ? null : tick.price())
          .put("last_tick_time", tick == null ? null : Instant.ofEpochMilli(tick.epochMillis()).toString()));
    }
    message.reply(new JsonObject().put("count", list.size()).put("instruments", list));
  }

  private void latest(Message<JsonObject> message) {
    int idx = resolve(message);
    if (idx < 0) {
      return;
    }
    CandleStore.LatestTick tick = store.latest(idx);
    if (tick == null) {
      message.fail(404, "no tick yet for " + store.instrument(idx).symbol());
      return;
    }
    List<Candle> day = store.candles(idx, Interval.DAY, 1, nowSeconds());
    message.reply(new JsonObject()
        .put("symbol", tick.instrument().symbol())
        .put("token", tick.instrument().token())
        .put("last_price", tick.price())
        .put("cumulative_volume", tick.cumulativeVolume() < 0 ? null : tick.cumulativeVolume())
        .put("oi", tick.oi())
        .put("time", Instant.ofEpochMilli(tick.epochMillis()).toString())
        .put("day", day.isEmpty() ? null : day.get(0).toJson()));
  }

  private void dayCandles(Message<JsonObject> message) {
    long now = nowSeconds();
    long today = MarketClock.istMidnight(now);
    JsonObject candles = new JsonObject();
    CandleColumns columns = new CandleColumns(1);
    for (int i = 0; i < store.instrumentCount(); i++) {
      if (store.copy(i, Interval.DAY, 1, 0, now, columns) == 1 && columns.start(0) == today) {
        candles.put(store.instrument(i).symbol(), new JsonObject()
            .put("open", columns.open(0))
            .put("high", columns.high(0))
            .put("low", columns.low(0))
            .put("close", columns.close(0))
            .put("volume", columns.volume(0)));
      }
    }
    message.reply(new JsonObject().put("date", MarketClock.istDate(now).toString()).put("candles", candles));
  }
}
