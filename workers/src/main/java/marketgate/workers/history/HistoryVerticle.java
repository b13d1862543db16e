package marketgate.workers.history;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
 * {@code history.seedFromSimulator}, and rolls each trading day's day candles into the database
 * ({@link DayRollup}, with the bars of the rollup node, {@link DayRollupVerticle}): at start, a little
 * after each session's close, and while a due day is still missing (the ticks node was down at 15:30,
 * or the rollup node is changing hands) every {@code history.catchUpRetrySeconds}.
 */
public final class HistoryVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryVerticle.class);
  static final int DEFAULT_DAYS = 260;
  static final int MAX_DAYS = 10_000;

  private final HistoryConfig config;
  private final SqliteDailyHistory history;
  private final MarketClock clock;
  private final Supplier<Map<String, DailySeries>> seed;
  private final Clock wallClock;
  private DayRollup rollup;
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;
  private Future<DayRollup.Outcome> running;

  /**
   * @param seed the simulator's history (e.g. {@code () -> simulator.history(clock, lastDay, days)}),
   *     or null when there is no simulator
   */
  public HistoryVerticle(HistoryConfig config, SqliteDailyHistory history, MarketClock clock,
      Supplier<Map<String, DailySeries>> seed, Clock wallClock) {
    this.config = config;
    this.history = history;
    this.clock = clock;
    this.seed = seed;
    this.wallClock = wallClock;
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
    rollup = new DayRollup(vertx, history, clock, wallClock, DayRollupVerticle.requests(vertx), config.catchUpDays());
    consumer = vertx.eventBus().consumer(Addresses.HISTORY_DAILY, this::daily);
    // Start-up is the first chance to write a day missed while this node or the ticks node was down.
    catchUp();
    return consumer.completion();
  }

  /**
   * Runs one catch-up (joining one already running), then arms the next: the retry while a day
   * is missing, else the next session's rollup.
   */
  Future<DayRollup.Outcome> catchUp() {
    if (running != null && !running.isComplete()) {
      return running;
    }
    vertx.cancelTimer(timer);
    running = rollup.catchUp()
        .onSuccess(o -> {
          if (!o.missing().isEmpty()) {
            LOG.warn("end-of-day rollup: no day candles yet for {}; trying again in {} s", o.missing(),
                config.catchUpRetrySeconds());
          }
        })
        .onFailure(e -> LOG.error("end-of-day rollup failed (trying again in {} s): {}", config.catchUpRetrySeconds(),
            e.getMessage()))
        .onComplete(r -> {
          long now = wallClock.instant().getEpochSecond();
          boolean retry = r.failed() || !r.result().missing().isEmpty();
          long delay = retry ? Math.min(config.catchUpRetrySeconds(), rollup.nextRollup() - now) : rollup.nextRollup() - now;
          timer = vertx.setTimer(Math.max(1, delay) * 1000, id -> catchUp());
        });
    return running;
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
      asOf = body.getString("asOf") == null ? LocalDate.now(wallClock.withZone(MarketClock.IST)) : LocalDate.parse(body.getString("asOf"));
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
