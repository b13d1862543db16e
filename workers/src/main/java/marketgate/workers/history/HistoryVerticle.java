package marketgate.workers.history;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.HistoryConfig;
import marketgate.shared.model.DailySeries;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history store on the bus (deploy as a WORKER: SQLite blocks). Answers
 * {@link Addresses#HISTORY_DAILY}, seeds a year of simulated history into a fresh database when
 * {@code history.seedFromSimulator}, and at the end of each trading day's session asks the candle
 * engine for the day candles ({@link Addresses#TICKS_DAY_CANDLES}) and upserts them.
 */
public final class HistoryVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryVerticle.class);
  /** Rollup a little after 15:30 IST so the session's last ticks have reached the engine. */
  static final int ROLLUP_SECOND_OF_DAY = MarketClock.CLOSE_SECOND_OF_DAY + 30;
  static final int DEFAULT_DAYS = 260;
  static final int MAX_DAYS = 10_000;

  private final HistoryConfig config;
  private final SqliteDailyHistory history;
  private final MarketClock clock;
  private final Supplier<Map<String, DailySeries>> seed;
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;

  /**
   * @param seed the simulator's history (e.g. {@code () -> simulator.history(clock, lastDay, days)}),
   *     or null when there is no simulator
   */
  public HistoryVerticle(HistoryConfig config, SqliteDailyHistory history, MarketClock clock,
      Supplier<Map<String, DailySeries>> seed) {
    this.config = config;
    this.history = history;
    this.clock = clock;
    this.seed = seed;
  }

  @Override
  public Future<?> start() throws Exception {
    if (config.seedFromSimulator() && seed != null && history.isEmpty()) {
      Map<String, DailySeries> series = seed.get();
      long started = System.nanoTime();
      int rows = history.upsertSeries(series.values());
      LOG.info("seeded the history store with {} simulated daily candles of {} symbols in {} ms", rows, series.size(),
          (System.nanoTime() - started) / 1_000_000);
    }
    consumer = vertx.eventBus().consumer(Addresses.HISTORY_DAILY, this::daily);
    scheduleRollup();
    return consumer.completion();
  }

  private void scheduleRollup() {
    long now = Instant.now().getEpochSecond();
    LocalDate day = MarketClock.istDate(now);
    long at = rollupTime(day);
    while (at <= now || !clock.isTradingDay(day)) {
      day = day.plusDays(1);
      at = rollupTime(day);
    }
    timer = vertx.setTimer((at - now) * 1000, id -> rollup()
        .onSuccess(n -> LOG.info("end-of-day rollup stored {} day candles", n))
        .onFailure(e -> LOG.error("end-of-day rollup failed: {}", e.getMessage()))
        .onComplete(ar -> scheduleRollup()));
  }

  private static long rollupTime(LocalDate day) {
    return MarketClock.sessionOpen(day) - MarketClock.OPEN_SECOND_OF_DAY + ROLLUP_SECOND_OF_DAY;
  }

  /** Asks the candle engine for today's day candles and upserts them (off the event loop); returns how many. */
  Future<Integer> rollup() {
    return vertx.eventBus().<JsonObject>request(Addresses.TICKS_DAY_CANDLES, new JsonObject()).compose(reply -> {
      JsonObject body = reply.body();
      LocalDate date = LocalDate.parse(body.getString("date"));
      JsonObject candles = body.getJsonObject("candles", new JsonObject());
      List<DailyBar> bars = new ArrayList<>(candles.size());
      for (String symbol : candles.fieldNames()) {
        JsonObject c = candles.getJsonObject(symbol);
        bars.add(new DailyBar(symbol, date, c.getDouble("open"), c.getDouble("high"), c.getDouble("low"),
            c.getDouble("close"), c.getDouble("volume", 0.0)));
      }
      return vertx.executeBlocking(() -> history.upsert(bars));
    });
  }

  private void daily(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String symbol = body.getString("symbol");
    if (symbol == null || symbol.isBlank()) {
      message.fail(400, "give a symbol");
      return;
    }
    Object daysValue = body.getValue("days", DEFAULT_DAYS);
    if (!(daysValue instanceof Number) || ((Number) daysValue).intValue() < 1
        || ((Number) daysValue).intValue() > MAX_DAYS) {
      message.fail(400, "days must be a whole number from 1 to " + MAX_DAYS);
      return;
    }
    LocalDate asOf;
    try {
      asOf = body.getString("asOf") == null ? LocalDate.now(MarketClock.IST) : LocalDate.parse(body.getString("asOf"));
    } catch (DateTimeParseException e) {
      message.fail(400, "asOf must be a date YYYY-MM-DD");
      return;
    }
    try {
      DailySeries series = history.load(symbol, ((Number) daysValue).intValue(), asOf).orElse(null);
      if (series == null) {
        message.fail(404, "no daily history for '" + symbol + "'");
        return;
      }
      JsonArray candles = new JsonArray();
      for (int i = 0; i < series.size(); i++) {
        candles.add(new JsonObject()
            .put("date", series.date(i).toString())
            .put("open", series.open()[i])
            .put("high", series.high()[i])
            .put("low", series.low()[i])
            .put("close", series.close()[i])
            .put("volume", series.volume()[i]));
      }
      message.reply(new JsonObject().put("symbol", symbol).put("candles", candles));
    } catch (IOException e) {
      message.fail(500, e.getMessage());
    }
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
