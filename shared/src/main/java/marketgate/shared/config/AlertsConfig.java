package marketgate.shared.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The monitor's thresholds ({@code alerts} section). Shares are fractions 0..1; a share of 1.0
 * switches its check off (nothing exceeds it). Times of day are IST.
 */
public record AlertsConfig(
    int staleDataThresholdMinutes,
    int checkSeconds,
    int holdSeconds,
    int repeatMinutes,
    int noTickSeconds,
    double rejectShare,
    double garbageFrameShare,
    int offHoursMarginMinutes,
    int publishFailuresInRow,
    double universeDropShare,
    double flatCandleShare,
    int flatCandleGraceMinutes,
    LocalTime bluedotDailyDueTime,
    DayOfWeek bluedotWeeklyDueDay,
    LocalTime bluedotWeeklyDueTime,
    double bluedotFailureShare,
    int driveChannelWarnMinutes,
    String webhookUrl,
    int channelQueueSize,
    int channelMaxAttempts,
    int channelBackoffMaxSeconds,
    int recentIncidents) {

  static AlertsConfig from(ConfigReader r) {
    return new AlertsConfig(
        r.intIn("staleDataThresholdMinutes", 1, 100_000),
        r.intIn("checkSeconds", 1, 86_400),
        r.intIn("holdSeconds", 0, 86_400),
        r.intIn("repeatMinutes", 1, 100_000),
        r.intIn("noTickSeconds", 1, 86_400),
        r.doubleIn("rejectShare", 0, 1),
        r.doubleIn("garbageFrameShare", 0, 1),
        r.intIn("offHoursMarginMinutes", 0, 100_000),
        r.intIn("publishFailuresInRow", 1, 100_000),
        r.doubleIn("universeDropShare", 0, 1),
        r.doubleIn("flatCandleShare", 0, 1),
        r.intIn("flatCandleGraceMinutes", 0, 375),
        time(r, "bluedotDailyDueTime"),
        day(r, "bluedotWeeklyDueDay"),
        time(r, "bluedotWeeklyDueTime"),
        r.doubleIn("bluedotFailureShare", 0, 1),
        r.intIn("driveChannelWarnMinutes", 0, 100_000),
        r.string("webhookUrl").strip(),
        r.intIn("channelQueueSize", 1, 100_000),
        r.intIn("channelMaxAttempts", 1, 100),
        r.intIn("channelBackoffMaxSeconds", 1, 86_400),
        r.intIn("recentIncidents", 1, 10_000));
  }

  private static LocalTime time(ConfigReader r, String name) {
    String text = r.string(name);
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException(r.key(name), "'" + text + "' is not a time of day HH:MM (IST)");
    }
  }

  private static DayOfWeek day(ConfigReader r, String name) {
    String text = r.string(name);
    try {
      return DayOfWeek.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(r.key(name), "'" + text + "' is not a day of the week (MONDAY ... SUNDAY)");
    }
  }
}
