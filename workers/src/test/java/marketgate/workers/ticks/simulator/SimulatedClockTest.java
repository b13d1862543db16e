package marketgate.workers.ticks.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import marketgate.shared.time.MarketClock;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
  private static final MarketClock MARKET = MarketClock.withBuiltInHolidays();
  /** Sunday 2026-11-22 20:00 IST: closed, the latest session is Friday 2026-11-20. */
  private static final Instant SUNDAY_EVENING = ist(LocalDate.of(2026, 11, 22), "20:00:00");

  private static Instant ist(LocalDate day, String time) {
    return ZonedDateTime.of(day, LocalTime.parse(time), MarketClock.IST).toInstant();
  }

  @Test
  void aFreshStartReplaysTheLatestSessionFromNineFifteen() {
    SimulatedClock clock = new SimulatedClock(MARKET, SUNDAY_EVENING, 0);
    assertEquals(ist(LocalDate.of(2026, 11, 20), "09:15:00").toEpochMilli(), clock.marketMillis(SUNDAY_EVENING.toEpochMilli()));
  }

  @Test
  void aRestartResumesAtTheStoresNewestTick() {
    long stored = ist(LocalDate.of(2026, 11, 20), "09:21:07").toEpochMilli();
    SimulatedClock clock = new SimulatedClock(MARKET, SUNDAY_EVENING, stored);
    assertEquals(stored, clock.marketMillis(SUNDAY_EVENING.toEpochMilli()));
    assertEquals(stored + 5_000, clock.marketMillis(SUNDAY_EVENING.toEpochMilli() + 5_000), "and runs on at wall speed");
  }

  @Test
  void aRestartAfterTheSessionEndedStartsTheNextTradingDay() {
    long stored = ist(LocalDate.of(2026, 11, 20), "15:29:59").toEpochMilli() + 999;
    SimulatedClock clock = new SimulatedClock(MARKET, SUNDAY_EVENING, stored + 1);
    assertEquals(LocalDate.of(2026, 11, 23), clock.firstDay());
    assertEquals(ist(LocalDate.of(2026, 11, 23), "09:15:00").toEpochMilli(), clock.marketMillis(SUNDAY_EVENING.toEpochMilli()));
  }

  @Test
  void ticksOlderThanTheLatestSessionDoNotHoldItBack() {
    long lastWeek = ist(LocalDate.of(2026, 11, 13), "11:00:00").toEpochMilli();
    SimulatedClock clock = new SimulatedClock(MARKET, SUNDAY_EVENING, lastWeek);
    assertEquals(ist(LocalDate.of(2026, 11, 20), "09:15:00").toEpochMilli(), clock.marketMillis(SUNDAY_EVENING.toEpochMilli()));
  }
}
