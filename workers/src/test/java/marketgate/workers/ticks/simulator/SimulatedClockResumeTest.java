package marketgate.workers.ticks.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import marketgate.shared.time.MarketClock;
import org.junit.jupiter.api.Test;

/** A restarted or failed-over simulator goes on from the store's newest tick; it never rewinds to 09:15. */
class SimulatedClockResumeTest {
  private static final MarketClock CLOCK = MarketClock.withBuiltInHolidays();
  /** A Sunday night: the simulator replays a session of the last trading day. */
  private static final Instant SUNDAY_NIGHT = Instant.parse("2026-11-22T16:00:00Z");
  private static final LocalDate FRIDAY = LocalDate.of(2026, 11, 20);

  private static long ist(LocalDate day, String time) {
    return ZonedDateTime.of(day, LocalTime.parse(time), MarketClock.IST).toInstant().toEpochMilli();
  }

  @Test
  void aFreshClockStartsTheReplayedSessionAtTheOpen() {
    SimulatedClock fresh = new SimulatedClock(CLOCK, SUNDAY_NIGHT);
    assertEquals(ist(FRIDAY, "09:15:00"), fresh.marketMillis(SUNDAY_NIGHT.toEpochMilli()));
  }

  @Test
  void aResumedClockGoesOnFromTheNewestTick() {
    long newest = ist(FRIDAY, "11:42:10");
    SimulatedClock resumed = SimulatedClock.resuming(CLOCK, SUNDAY_NIGHT, newest);
    assertEquals(newest, resumed.marketMillis(SUNDAY_NIGHT.toEpochMilli()));
    assertEquals(newest + 5_000, resumed.marketMillis(SUNDAY_NIGHT.toEpochMilli() + 5_000));
    assertEquals(FRIDAY, resumed.firstDay());
  }

  @Test
  void aSessionThatEndedResumesAtTheNextTradingDaysOpen() {
    SimulatedClock resumed = SimulatedClock.resuming(CLOCK, SUNDAY_NIGHT, ist(FRIDAY, "15:30:00"));
    assertEquals(ist(LocalDate.of(2026, 11, 23), "09:15:00"), resumed.marketMillis(SUNDAY_NIGHT.toEpochMilli()));
  }

  @Test
  void anEmptyStoreStartsFresh() {
    assertEquals(new SimulatedClock(CLOCK, SUNDAY_NIGHT).marketMillis(SUNDAY_NIGHT.toEpochMilli()),
        SimulatedClock.resuming(CLOCK, SUNDAY_NIGHT, 0).marketMillis(SUNDAY_NIGHT.toEpochMilli()));
  }
}
