package marketgate.workers.history;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import marketgate.shared.time.MarketClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-of-day rollup of one history node, as a catch-up: every trading day whose rollup time has
 * passed since the newest day in the database (at most {@code catchUpDays} of them) and that the
 * database lacks is written with the candles the source gives for it (in a node, the rollup node:
 * {@link DayRollupVerticle}). A day already in the database is never written again, so running it
 * at start, at 15:30:30 and on every retry is safe.
 */
final class DayRollup {
  private static final Logger LOG = LoggerFactory.getLogger(DayRollup.class);
  /** Rollup a little after 15:30 IST so the session's last ticks have reached the engine. */
  static final int ROLLUP_SECOND_OF_DAY = MarketClock.CLOSE_SECOND_OF_DAY + 30;

  /** What one catch-up did: days written (with their candle counts) and days still missing. */
  record Outcome(Map<LocalDate, Integer> written, List<LocalDate> missing) {}

  private final Vertx vertx;
  private final SqliteDailyHistory history;
  private final MarketClock market;
  private final Clock clock;
  private final Function<LocalDate, Future<DayCandles>> source;
  private final int catchUpDays;

  /** @param source a closed day's candles (empty or failed: not yet, try again later) */
  DayRollup(Vertx vertx, SqliteDailyHistory history, MarketClock market, Clock clock,
      Function<LocalDate, Future<DayCandles>> source, int catchUpDays) {
    this.vertx = vertx;
    this.history = history;
    this.market = market;
    this.clock = clock;
    this.source = source;
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

  /** Writes one day from the source; returns how many candles (0: none found). */
  private Future<Integer> fill(LocalDate day) {
    return source.apply(day).recover(e -> {
      LOG.info("no day candles for {} yet: {}", day, e.getMessage());
      return Future.succeededFuture(DayCandles.none(day));
    }).compose(candles -> vertx.executeBlocking(() -> {
      // Checked again here: a day written meanwhile (another catch-up) is not written twice.
      if (candles.isEmpty() || history.hasDay(day)) {
        return 0;
      }
      int n = history.upsert(candles.bars());
      LOG.info("end-of-day rollup stored {} day candles of {} from {}", n, day, candles.source());
      return n;
    }));
  }
}
