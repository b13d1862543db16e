package marketgate.workers.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import marketgate.shared.bus.Addresses;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-of-day rollup as a catch-up: every trading day whose rollup time has passed since the
 * newest day in the database (at most {@code catchUpDays} of them) and that the database lacks is
 * written, from the candle engine when that day is today and the engine is on it, else from the
 * published snapshots ({@link PublishedDayCandles}). A day already in the database is never
 * written again, so running it at start, at 15:30:30 and on every retry is safe.
 */
final class DayRollup {
  private static final Logger LOG = LoggerFactory.getLogger(DayRollup.class);
  /** Rollup a little after 15:30 IST so the session's last ticks have reached the engine. */
  static final int ROLLUP_SECOND_OF_DAY = MarketClock.CLOSE_SECOND_OF_DAY + 30;
  private static final long ENGINE_TIMEOUT_MILLIS = 10_000;

  /** What one catch-up did: days written (with their candle counts) and days still missing. */
  record Outcome(Map<LocalDate, Integer> written, List<LocalDate> missing) {}

  private final Vertx vertx;
  private final SqliteDailyHistory history;
  private final MarketClock market;
  private final Clock clock;
  private final PublishedDayCandles published;
  private final int catchUpDays;

  /** @param published the published snapshots to fall back on, or null when this node has no data directory */
  DayRollup(Vertx vertx, SqliteDailyHistory history, MarketClock market, Clock clock, PublishedDayCandles published,
      int catchUpDays) {
    this.vertx = vertx;
    this.history = history;
    this.market = market;
    this.clock = clock;
    this.published = published;
    this.catchUpDays = catchUpDays;
  }

  static long rollupTime(LocalDate day) {
    return MarketClock.sessionOpen(day) - MarketClock.OPEN_SECOND_OF_DAY + ROLLUP_SECOND_OF_DAY;
  }

  /** The newest trading day whose rollup time has passed. */
  LocalDate lastDue() {
    long now = clock.instant().getEpochSecond();
    LocalDate today = MarketClock.istDate(now);
    return market.isTradingDay(today) && now >= rollupTime(today) ? today : market.previousTradingDay(today);
  }

  /** The next rollup time after now, in epoch seconds. */
  long nextRollup() {
    long now = clock.instant().getEpochSecond();
    LocalDate day = MarketClock.istDate(now);
    while (rollupTime(day) <= now || !market.isTradingDay(day)) {
      day = day.plusDays(1);
    }
    return rollupTime(day);
  }

  /** Due days after the newest one stored that the database lacks, oldest first (blocking). */
  List<LocalDate> missingDays() throws IOException {
    LocalDate newest = history.latestDate().orElse(null);
    Deque<LocalDate> due = new ArrayDeque<>();
    for (LocalDate d = lastDue(); due.size() < catchUpDays && (newest == null ? due.isEmpty() : d.isAfter(newest));
        d = market.previousTradingDay(d)) {
      due.addFirst(d);
    }
    List<LocalDate> missing = new ArrayList<>();
    for (LocalDate d : due) {
      if (!history.hasDay(d)) {
        missing.add(d);
      }
    }
    return missing;
  }

  /** Fills the missing days one by one; a day no source has stays missing for the next try. */
  Future<Outcome> catchUp() {
    Map<LocalDate, Integer> written = new TreeMap<>();
    List<LocalDate> missing = new ArrayList<>();
    return vertx.executeBlocking(this::missingDays).compose(days -> {
      Future<Void> chain = Future.succeededFuture();
      for (LocalDate day : days) {
        chain = chain.compose(v -> fill(day)).map(n -> {
          if (n > 0) {
            written.put(day, n);
          } else {
            missing.add(day);
          }
          return null;
        });
      }
      return chain;
    }).map(v -> new Outcome(written, missing));
  }

  /** Writes one day from the engine or the published snapshots; returns how many candles (0: none found). */
  private Future<Integer> fill(LocalDate day) {
    // Only today's bar comes from the engine: an engine whose current day is a past one replays
    // or simulates it, and its bar may be far from the day's end.
    Future<List<DailyBar>> engine = day.equals(MarketClock.istDate(clock.instant().getEpochSecond()))
        ? fromEngine(day) : Future.succeededFuture(List.of());
    return engine.recover(e -> {
      LOG.info("the candle engine cannot give {} ({}): trying the published snapshots", day, e.getMessage());
      return Future.succeededFuture(List.of());
    }).compose(bars -> vertx.executeBlocking(() -> {
      Collection<DailyBar> found = bars;
      String source = "the candle engine";
      if (found.isEmpty() && published != null) {
        found = published.read(day).values();
        source = "the published snapshots";
      }
      // Checked again here: a day written meanwhile (another catch-up) is not written twice.
      if (found.isEmpty() || history.hasDay(day)) {
        return 0;
      }
      int n = history.upsert(found);
      LOG.info("end-of-day rollup stored {} day candles of {} from {}", n, day, source);
      return n;
    }));
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
