package marketgate.shared.time;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import marketgate.shared.model.Interval;

/**
 * NSE's calendar and session in Asia/Kolkata: trading days, the 09:15-15:30 session, and the
 * bucket each instant falls in.
 *
 * <p>Intraday buckets are anchored at 09:15 IST like Kite's historical candles (a 60m day is
 * 09:15, 10:15, ... 15:15 with a short last bucket). Flooring epoch time instead, as PKBrokers
 * does, puts 2m/4m/10m/30m/60m buckets on the wrong minutes because 09:15 is not a multiple of
 * those lengths since the epoch.
 *
 * <p>IST has had a fixed +05:30 offset with no daylight saving since 1945, so the hot path uses
 * plain arithmetic on epoch seconds instead of {@code java.time}.
 */
public final class MarketClock {
  public static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  public static final int IST_OFFSET_SECONDS = 5 * 3600 + 30 * 60;
  public static final LocalTime SESSION_OPEN = LocalTime.of(9, 15);
  public static final LocalTime SESSION_CLOSE = LocalTime.of(15, 30);
  public static final int OPEN_SECOND_OF_DAY = SESSION_OPEN.toSecondOfDay();
  public static final int CLOSE_SECOND_OF_DAY = SESSION_CLOSE.toSecondOfDay();
  public static final int SESSION_SECONDS = CLOSE_SECOND_OF_DAY - OPEN_SECOND_OF_DAY;
  private static final String BUILT_IN_HOLIDAYS = "/marketgate/shared/time/nse-holidays.txt";

  private final Set<LocalDate> holidays;

  public MarketClock(Set<LocalDate> holidays) {
    this.holidays = Collections.unmodifiableSet(new TreeSet<>(holidays));
  }

  /** The clock with the NSE holiday calendar shipped in the jar. */
  public static MarketClock withBuiltInHolidays() {
    try (InputStream in = MarketClock.class.getResourceAsStream(BUILT_IN_HOLIDAYS)) {
      return new MarketClock(parseHolidays(in, BUILT_IN_HOLIDAYS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The clock with a holiday file of lines {@code YYYY-MM-DD [name]}; {@code #} starts a comment. */
  public static MarketClock withHolidayFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new MarketClock(parseHolidays(in, file.toString()));
    }
  }

  /** The clock of a configuration: its holiday file ({@code market.holidaysFile}) or the built-in one when null. */
  public static MarketClock forHolidayFile(Path fileOrNull) throws IOException {
    return fileOrNull == null ? withBuiltInHolidays() : withHolidayFile(fileOrNull);
  }

  static Set<LocalDate> parseHolidays(InputStream in, String source) throws IOException {
    Set<LocalDate> days = new TreeSet<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String date = text.split("\\s+", 2)[0];
      try {
        days.add(LocalDate.parse(date));
      } catch (DateTimeParseException e) {
        throw new IOException(source + ":" + number + ": not a date (YYYY-MM-DD): '" + date + "'");
      }
    }
    return days;
  }

  public Set<LocalDate> holidays() {
    return holidays;
  }

  public boolean isTradingDay(LocalDate day) {
    DayOfWeek dow = day.getDayOfWeek();
    return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !holidays.contains(day);
  }

  /** The IST calendar date an instant falls on. */
  public static LocalDate istDate(long epochSecond) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochSecond + IST_OFFSET_SECONDS, 86_400));
  }

  public static ZonedDateTime ist(Instant instant) {
    return instant.atZone(IST);
  }

  /** Epoch second of 00:00 IST on the day of the given instant. */
  public static long istMidnight(long epochSecond) {
    return Math.floorDiv(epochSecond + IST_OFFSET_SECONDS, 86_400) * 86_400 - IST_OFFSET_SECONDS;
  }

  /** Epoch second of 09:15 IST on the day of the given instant. */
  public static long sessionOpen(long epochSecond) {
    return istMidnight(epochSecond) + OPEN_SECOND_OF_DAY;
  }

  public static long sessionOpen(LocalDate day) {
    return day.toEpochDay() * 86_400 - IST_OFFSET_SECONDS + OPEN_SECOND_OF_DAY;
  }

  /** True between 09:15:00 (inclusive) and 15:30:00 (exclusive) IST, whatever the day. */
  public static boolean inSessionHours(long epochSecond) {
    long secondOfDay = epochSecond - istMidnight(epochSecond);
    return secondOfDay >= OPEN_SECOND_OF_DAY && secondOfDay < CLOSE_SECOND_OF_DAY;
  }

  /** True when NSE's regular session is on: a trading day, in session hours. */
  public boolean isMarketOpen(Instant instant) {
    long s = instant.getEpochSecond();
    return inSessionHours(s) && isTradingDay(istDate(s));
  }

  /**
   * Start (epoch seconds) of the bucket an instant falls in. Intraday buckets count from 09:15
   * IST; the day bucket starts at 00:00 IST as in Kite's day candles. For an intraday interval the
   * instant should be in session hours; earlier instants map to buckets before 09:15 on the same
   * anchor grid.
   */
  public static long bucketStart(long epochSecond, Interval interval) {
    if (interval == Interval.DAY) {
      return istMidnight(epochSecond);
    }
    long open = sessionOpen(epochSecond);
    int length = interval.seconds();
    return open + Math.floorDiv(epochSecond - open, length) * length;
  }

  /** The next trading day strictly after the given day. */
  public LocalDate nextTradingDay(LocalDate day) {
    LocalDate next = day.plusDays(1);
    while (!isTradingDay(next)) {
      next = next.plusDays(1);
    }
    return next;
  }

  /** The latest trading day strictly before the given day. */
  public LocalDate previousTradingDay(LocalDate day) {
    LocalDate previous = day.minusDays(1);
    while (!isTradingDay(previous)) {
      previous = previous.minusDays(1);
    }
    return previous;
  }

  /** The trading day whose session is on now, or else the latest one that has closed. */
  public LocalDate latestSessionDay(Instant now) {
    long s = now.getEpochSecond();
    LocalDate today = istDate(s);
    long secondOfDay = s - istMidnight(s);
    if (isTradingDay(today) && secondOfDay >= OPEN_SECOND_OF_DAY) {
      return today;
    }
    return previousTradingDay(today);
  }
}
