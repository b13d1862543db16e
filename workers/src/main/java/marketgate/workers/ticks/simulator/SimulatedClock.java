package marketgate.workers.ticks.simulator;

import java.time.Instant;
import java.time.LocalDate;
import marketgate.shared.time.MarketClock;

/**
 * The simulator's market time. During NSE hours it is the real time; otherwise it replays a
 * session from 09:15 IST of the latest trading day at wall-clock speed, so someone trying
 * marketgate on a Sunday night sees candles form at once. After 15:30 it rolls to the next
 * trading day's 09:15.
 */
public final class SimulatedClock {
  private final MarketClock clock;
  private final long wallStartMillis;
  private final boolean real;
  private final LocalDate firstDay;

  public SimulatedClock(MarketClock clock, Instant wallStart) {
    this.clock = clock;
    this.wallStartMillis = wallStart.toEpochMilli();
    this.real = clock.isMarketOpen(wallStart);
    this.firstDay = real ? MarketClock.istDate(wallStart.getEpochSecond()) : clock.latestSessionDay(wallStart);
  }

  private SimulatedClock(MarketClock clock, long wallStartMillis, LocalDate firstDay) {
    this.clock = clock;
    this.wallStartMillis = wallStartMillis;
    this.real = false;
    this.firstDay = firstDay;
  }

  /**
   * A clock that goes on from market time {@code lastMarketMillis} (the newest tick the candle store
   * holds) instead of starting the replayed session again at 09:15: a restarted or failed-over node
   * must not rewind the market. During NSE hours the real time is used, as always.
   */
  public static SimulatedClock resuming(MarketClock clock, Instant wallStart, long lastMarketMillis) {
    SimulatedClock fresh = new SimulatedClock(clock, wallStart);
    if (fresh.real || lastMarketMillis <= 0) {
      return fresh;
    }
    LocalDate day = MarketClock.istDate(Math.floorDiv(lastMarketMillis, 1000));
    long open = MarketClock.sessionOpen(day) * 1000L;
    long intoSession = lastMarketMillis - open;
    if (!clock.isTradingDay(day) || intoSession < 0) {
      return fresh;
    }
    if (intoSession >= MarketClock.SESSION_SECONDS * 1000L) {
      return new SimulatedClock(clock, wallStart.toEpochMilli(), clock.nextTradingDay(day));
    }
    return new SimulatedClock(clock, wallStart.toEpochMilli() - intoSession, day);
  }

  /** True when the simulator follows the real session (market open at start). */
  public boolean followsRealSession() {
    return real;
  }

  /** The trading day the simulation starts on; history ends the trading day before. */
  public LocalDate firstDay() {
    return firstDay;
  }

  /** Market time in epoch millis for a wall-clock time. */
  public long marketMillis(long wallMillis) {
    if (real) {
      return wallMillis;
    }
    long elapsed = Math.max(0, wallMillis - wallStartMillis);
    long sessionMillis = MarketClock.SESSION_SECONDS * 1000L;
    long daysOn = elapsed / sessionMillis;
    LocalDate day = firstDay;
    for (long d = 0; d < daysOn; d++) {
      day = clock.nextTradingDay(day);
    }
    return MarketClock.sessionOpen(day) * 1000L + elapsed % sessionMillis;
  }
}
