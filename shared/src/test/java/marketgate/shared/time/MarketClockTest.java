package marketgate.shared.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;
import marketgate.shared.model.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarketClockTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  private static long ist(String time) {
    return ZonedDateTime.of(DAY, LocalTime.parse(time), MarketClock.IST).toEpochSecond();
  }

  @ParameterizedTest(name = "{0} at {1} starts at {2}")
  @CsvSource({
    "1m, 09:15:00, 09:15:00", "1m, 09:15:59, 09:15:00", "1m, 15:29:59, 15:29:00",
    "2m, 09:16:59, 09:15:00", "2m, 09:17:00, 09:17:00", "2m, 15:29:59, 15:29:00",
    "3m, 09:18:00, 09:18:00", "3m, 09:20:59, 09:18:00",
    "4m, 09:18:59, 09:15:00", "4m, 09:19:00, 09:19:00", "4m, 15:29:00, 15:27:00",
    "5m, 09:19:59, 09:15:00", "5m, 09:20:00, 09:20:00",
    "10m, 09:24:59, 09:15:00", "10m, 09:25:00, 09:25:00", "10m, 15:29:00, 15:25:00",
    "15m, 09:29:59, 09:15:00", "15m, 09:30:00, 09:30:00",
    "30m, 09:44:59, 09:15:00", "30m, 09:45:00, 09:45:00", "30m, 15:29:59, 15:15:00",
    "60m, 10:14:59, 09:15:00", "60m, 10:15:00, 10:15:00", "60m, 15:29:59, 15:15:00",
    "day, 09:15:00, 00:00:00", "day, 15:29:59, 00:00:00",
  })
  void bucketsAreAnchoredAtNineFifteen(String interval, String at, String expected) {
    assertEquals(ist(expected), MarketClock.bucketStart(ist(at), Interval.parse(interval)));
  }

  @Test
  void everySessionSecondMapsToTheNineFifteenGridForEveryInterval() {
    long open = ist("09:15:00");
    for (Interval interval : Interval.all()) {
      if (!interval.intraday()) {
        continue;
      }
      int minutes = interval.seconds() / 60;
      for (long s = open; s < ist("15:30:00"); s += 7) {
        ZonedDateTime t = Instant.ofEpochSecond(s).atZone(MarketClock.IST);
        long minutesSinceOpen = (t.toLocalTime().toSecondOfDay() - LocalTime.of(9, 15).toSecondOfDay()) / 60;
        ZonedDateTime expected = ZonedDateTime.of(DAY, LocalTime.of(9, 15), MarketClock.IST)
            .plusMinutes(minutesSinceOpen / minutes * minutes);
        assertEquals(expected.toEpochSecond(), MarketClock.bucketStart(s, interval), interval + " at " + t);
      }
    }
  }

  @Test
  void flooringEpochTimeWouldMisplaceTwoMinuteBuckets() {
    // The bug we avoid: 09:15 IST is 03:45 UTC, an odd minute, so epoch flooring gives 09:16.
    long t = ist("09:16:30");
    assertEquals(ist("09:16:00"), Math.floorDiv(t, 120) * 120);
    assertEquals(ist("09:15:00"), MarketClock.bucketStart(t, Interval.M2));
    assertNotEquals(Math.floorDiv(ist("10:20:00"), 3600) * 3600, MarketClock.bucketStart(ist("10:20:00"), Interval.M60));
  }

  @Test
  void sessionHoursAreNineFifteenToThreeThirtyIst() {
    assertFalse(MarketClock.inSessionHours(ist("09:14:59")));
    assertTrue(MarketClock.inSessionHours(ist("09:15:00")));
    assertTrue(MarketClock.inSessionHours(ist("15:29:59")));
    assertFalse(MarketClock.inSessionHours(ist("15:30:00")));
  }

  @Test
  void weekendsAndHolidaysAreNotTradingDays() {
    MarketClock clock = MarketClock.withBuiltInHolidays();
    assertTrue(clock.isTradingDay(LocalDate.of(2026, 11, 20)));
    assertFalse(clock.isTradingDay(LocalDate.of(2026, 11, 21)), "Saturday");
    assertFalse(clock.isTradingDay(LocalDate.of(2026, 11, 22)), "Sunday");
    assertFalse(clock.isTradingDay(LocalDate.of(2026, 11, 24)), "Guru Nanak Jayanti");
    assertEquals(LocalDate.of(2026, 11, 25), clock.nextTradingDay(LocalDate.of(2026, 11, 23)));
    assertEquals(LocalDate.of(2026, 11, 20), clock.previousTradingDay(LocalDate.of(2026, 11, 23)));
    assertFalse(clock.isMarketOpen(Instant.ofEpochSecond(ist("10:00:00")).plusSeconds(86_400)), "Saturday 10:00");
    assertTrue(clock.isMarketOpen(Instant.ofEpochSecond(ist("10:00:00"))));
  }

  @Test
  void latestSessionDayOnSundayIsFriday() {
    MarketClock clock = new MarketClock(Set.of());
    Instant sundayNight = ZonedDateTime.of(LocalDate.of(2026, 11, 22), LocalTime.of(22, 0), MarketClock.IST).toInstant();
    assertEquals(LocalDate.of(2026, 11, 20), clock.latestSessionDay(sundayNight));
    Instant mondayEarly = ZonedDateTime.of(LocalDate.of(2026, 11, 23), LocalTime.of(8, 0), MarketClock.IST).toInstant();
    assertEquals(LocalDate.of(2026, 11, 20), clock.latestSessionDay(mondayEarly));
  }

  @Test
  void aBadHolidayLineNamesItsLine() {
    IOException e = assertThrows(IOException.class, () -> MarketClock.parseHolidays(
        new ByteArrayInputStream("# c\n2026-01-26 ok\n2026-13-01 bad\n".getBytes(StandardCharsets.UTF_8)), "h.txt"));
    assertTrue(e.getMessage().contains("h.txt:3"), e.getMessage());
  }
}
