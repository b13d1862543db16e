package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.time.MarketClock;

/** Times in IST, a clock tests move by hand, and configs with the monitor's keys overridden. */
final class MonitorFixtures {
  /** A Wednesday, a normal NSE trading day. */
  static final LocalDate TRADING_DAY = LocalDate.of(2026, 11, 18);
  static final LocalDate SUNDAY = LocalDate.of(2026, 11, 22);
  /** Prakash Gurpurb, in the built-in holiday list. */
  static final LocalDate HOLIDAY = LocalDate.of(2026, 11, 24);
  static final MarketClock MARKET = MarketClock.withBuiltInHolidays();

  static final String TOKEN = "123:abc";
  static final String ADMIN_CHAT = "-1001";

  private MonitorFixtures() {}

  /** A config whose alerts go to a local Bot API (admin chat) and a local webhook. */
  static MarketgateConfig withChannels(JsonObject overrides, String botApiUrl, String webhookUrl) {
    JsonObject merged = overrides.copy();
    merged.put("bot", new JsonObject().put("apiUrl", botApiUrl).put("adminChatId", ADMIN_CHAT));
    JsonObject alerts = merged.getJsonObject("alerts", new JsonObject()).copy().put("webhookUrl", webhookUrl);
    merged.put("alerts", alerts);
    return config(merged, Secrets.none().with(Secrets.TELEGRAM_BOT_TOKEN, TOKEN));
  }

  /** Polls until the condition holds; fails after the deadline (generous: CI's cores are shared). */
  static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    marketgate.shared.testing.Eventually.waitFor(what, condition);
  }

  static Instant ist(LocalDate day, String time) {
    return ZonedDateTime.of(day, LocalTime.parse(time), MarketClock.IST).toInstant();
  }

  static MarketgateConfig config(JsonObject overrides, Secrets secrets) {
    return MarketgateConfig.from(MarketgateConfig.defaults().withOverrides(overrides).toJson(), secrets);
  }

  static MarketgateConfig alerts(JsonObject alertOverrides) {
    return config(new JsonObject().put("alerts", alertOverrides), Secrets.none());
  }
}
