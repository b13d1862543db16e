package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import marketgate.shared.config.AlertsConfig;
import marketgate.shared.time.MarketClock;

/**
 * BlueDot batches: the daily batch of a trading day missing after {@code alerts.bluedotDailyDueTime}
 * IST (judged on trading days only), the weekly batch missing after its due day and time, the
 * newest batch's failure share, and the Drive push channel expired or about to (it is renewed 15
 * minutes before expiry, so one inside {@code alerts.driveChannelWarnMinutes} means renewal failed).
 */
final class BlueDotChecks {
  static final String DAILY = "bluedot.daily_missing";
  static final String WEEKLY = "bluedot.weekly_missing";
  static final String FAILURES = "bluedot.failure_share";
  static final String CHANNEL = "bluedot.drive_channel";

  private final AlertsConfig alerts;
  private final MarketClock clock;
  private final boolean channelExpected;

  /** @param channelExpected true when the sync is configured to hold a Drive push channel */
  BlueDotChecks(AlertsConfig alerts, MarketClock clock, boolean channelExpected) {
    this.alerts = alerts;
    this.clock = clock;
    this.channelExpected = channelExpected;
  }

  List<CheckResult> evaluate(Facts facts) {
    return List.of(daily(facts), weekly(facts), failures(facts), channel(facts));
  }

  private static String label(Facts facts, String timeframe) {
    return facts.bluedot().getJsonObject("batches", new JsonObject())
        .getJsonObject(timeframe, new JsonObject()).getString("label", "");
  }

  CheckResult daily(Facts facts) {
    if (facts.bluedot() == null) {
      return CheckResult.unknown(DAILY, "the BlueDot sync did not answer");
    }
    ZonedDateTime ist = MarketClock.ist(facts.now());
    LocalDate today = ist.toLocalDate();
    if (!clock.isTradingDay(today)) {
      return CheckResult.unknown(DAILY, "not a trading day");
    }
    LocalDate expected = ist.toLocalTime().isBefore(alerts.bluedotDailyDueTime()) ? clock.previousTradingDay(today) : today;
    String newest = label(facts, "daily");
    return CheckResult.when(newest.compareTo(expected.toString()) < 0, DAILY,
        "newest daily batch " + (newest.isEmpty() ? "none" : newest) + ", expected " + expected + " (due "
            + alerts.bluedotDailyDueTime() + " IST)");
  }

  CheckResult weekly(Facts facts) {
    if (facts.bluedot() == null) {
      return CheckResult.unknown(WEEKLY, "the BlueDot sync did not answer");
    }
    ZonedDateTime ist = MarketClock.ist(facts.now());
    ZonedDateTime due = ist.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .with(TemporalAdjusters.nextOrSame(alerts.bluedotWeeklyDueDay())).with(alerts.bluedotWeeklyDueTime());
    LocalDate week = ist.isBefore(due) ? ist.toLocalDate().minusWeeks(1) : ist.toLocalDate();
    String expected = String.format("%d-W%02d", week.get(IsoFields.WEEK_BASED_YEAR), week.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    String newest = label(facts, "weekly");
    return CheckResult.when(newest.compareTo(expected) < 0, WEEKLY, "newest weekly batch "
        + (newest.isEmpty() ? "none" : newest) + ", expected " + expected + " (due " + alerts.bluedotWeeklyDueDay()
        + " " + alerts.bluedotWeeklyDueTime() + " IST)");
  }

  CheckResult failures(Facts facts) {
    JsonObject last = facts.bluedot() == null ? null : facts.bluedot().getJsonObject("lastBatch");
    if (last == null || last.getInteger("files", 0) == 0) {
      return CheckResult.unknown(FAILURES, "no batch yet");
    }
    int files = last.getInteger("files");
    int failed = last.getInteger("failed", 0);
    double share = (double) failed / files;
    return CheckResult.when(share > alerts.bluedotFailureShare(), FAILURES, String.format(java.util.Locale.ROOT,
        "%s %s: %d of %d files failed (%.1f%%, limit %.1f%%)", last.getString("timeframe"), last.getString("label"),
        failed, files, share * 100, alerts.bluedotFailureShare() * 100));
  }

  CheckResult channel(Facts facts) {
    if (facts.bluedot() == null) {
      return CheckResult.unknown(CHANNEL, "the BlueDot sync did not answer");
    }
    JsonObject channel = facts.bluedot().getJsonObject("channel");
    if (channel == null || channel.getLong("expiration") == null) {
      return CheckResult.when(channelExpected, CHANNEL, channelExpected
          ? "no Drive push channel open (last error: " + facts.bluedot().getString("lastError") + ")"
          : "no push channel configured; the poll covers");
    }
    Instant expires = Instant.ofEpochMilli(channel.getLong("expiration"));
    long left = expires.getEpochSecond() - facts.now().getEpochSecond();
    return CheckResult.when(left < alerts.driveChannelWarnMinutes() * 60L, CHANNEL, left <= 0
        ? "the Drive push channel expired at " + expires
        : "the Drive push channel expires at " + expires + " (" + left / 60 + " min left)");
  }
}
