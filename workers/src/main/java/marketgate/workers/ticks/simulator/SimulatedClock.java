package marketgate.workers.ticks.simulator;

import java.time.Instant;
import java.time.LocalDate;
import marketgate.shared.time.MarketClock;

/**
 * The simulator's market time. During NSE hours it is the real time; otherwise it replays a
 * session from 09:15 IST of the latest trading day at wall-clock speed, so someone trying
 * marketgate on a Sunday night sees candles form at once. After 15:30 it rolls to the next
 * trading day's 09:15.
 *
 * <p>A restart resumes where the candle store left off: given the newest tick time it holds, the
 * replayed session continues from that moment instead of 09:15 again (whose ticks the store would
 * have to reject as late, freezing prices for as long as the node had run).
 */
public final class SimulatedClock {
  private final MarketClock clock;
  private final long wallStartMillis;
  private final boolean real;
  private final LocalDate firstDay;
  /** How far into {@link #firstDay}'s session the simulation starts. */
  private final long startOffsetMillis;

  public SimulatedClock(MarketClock clock, Instant wallStart) {
    this(clock, wallStart, 0);
  }

  /**
   * @param resumeAfterMillis the newest tick time the store already holds (0 for none): a replayed
   *     session starts there when it is later than the latest session's open
   */
  public SimulatedClock(MarketClock clock, Instant wallStart, long resumeAfterMillis) {
    this.clock = clock;
    this.wallStartMillis = wallStart.toEpochMilli();
    this.real = clock.isMarketOpen(wallStart);
    LocalDate day = real ? MarketClock.istDate(wallStart.getEpochSecond()) : clock.latestSessionDay(wallStart);
    long offset = 0;
    if (!real && resumeAfterMillis > MarketClock.sessionOpen(day) * 1000L) {
      day = MarketClock.istDate(Math.floorDiv(resumeAfterMillis, 1000));
      offset = resumeAfterMillis - MarketClock.sessionOpen(day) * 1000L;
      if (!clock.isTradingDay(day) || offset >= MarketClock.SESSION_SECONDS * 1000L) {
        day = clock.nextTradingDay(day);
        offset = 0;
      }
      offset = Math.max(0, offset);
    }
    this.firstDay = day;
    this.startOffsetMillis = offset;
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
    long elapsed = Math.max(0, wallMillis - wallStartMillis) + startOffsetMillis;
    long sessionMillis = MarketClock.SESSION_SECONDS * 1000L;
    long daysOn = elapsed / sessionMillis;
    LocalDate day = firstDay;
    for (long d = 0; d < daysOn; d++) {
      day = clock.nextTradingDay(day);
    }
    return MarketClock.sessionOpen(day) * 1000L + elapsed % sessionMillis;
  }
}
