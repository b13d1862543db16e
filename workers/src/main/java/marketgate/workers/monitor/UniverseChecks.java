package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import marketgate.shared.config.AlertsConfig;
import marketgate.shared.time.MarketClock;

/**
 * The universe: the instrument count against the previous trading day's (a shrunken instruments
 * file or a failed subscription shows up here), and how many instruments have flat (high = low)
 * or no day candle once the session has run {@code alerts.flatCandleGraceMinutes}.
 */
final class UniverseChecks {
  static final String DROP = "universe.count_drop";
  static final String FLAT = "universe.flat_candles";
  /** Days of counts kept (and persisted): enough to reach back over a long holiday weekend. */
  static final int DAYS_KEPT = 15;

  private final AlertsConfig alerts;
  private final MarketClock clock;
  private final TreeMap<LocalDate, Integer> counts = new TreeMap<>();
  private boolean changed;

  UniverseChecks(AlertsConfig alerts, MarketClock clock, JsonObject savedCounts) {
    this.alerts = alerts;
    this.clock = clock;
    if (savedCounts != null) {
      for (String day : savedCounts.fieldNames()) {
        try {
          counts.put(LocalDate.parse(day), savedCounts.getInteger(day));
        } catch (RuntimeException skipped) {
          // A hand-edited or truncated file loses that day only.
        }
      }
    }
  }

  List<CheckResult> evaluate(Facts facts) {
    return List.of(drop(facts), flat(facts));
  }

  CheckResult drop(Facts facts) {
    if (facts.ticks() == null || !facts.ticks().containsKey("instruments")) {
      return CheckResult.unknown(DROP, "the candle engine did not answer");
    }
    int count = facts.ticks().getInteger("instruments");
    LocalDate today = MarketClock.istDate(facts.now().getEpochSecond());
    if (!clock.isTradingDay(today)) {
      return CheckResult.unknown(DROP, "not a trading day");
    }
    Integer before = counts.put(today, Math.max(count, counts.getOrDefault(today, 0)));
    changed |= before == null || before < count;
    while (counts.size() > DAYS_KEPT) {
      counts.pollFirstEntry();
    }
    Integer previous = counts.get(clock.previousTradingDay(today));
    if (previous == null || previous == 0) {
      return CheckResult.ok(DROP, count + " instruments; none recorded for the previous trading day");
    }
    double drop = 1.0 - (double) count / previous;
    return CheckResult.when(drop > alerts.universeDropShare(), DROP, String.format(java.util.Locale.ROOT,
        "%d instruments today, %d on the previous trading day (down %.1f%%, limit %.1f%%)", count, previous,
        Math.max(0, drop) * 100, alerts.universeDropShare() * 100));
  }

  CheckResult flat(Facts facts) {
    if (facts.ticks() == null || facts.dayCandles() == null) {
      return CheckResult.unknown(FLAT, "the candle engine did not answer");
    }
    Instant feedTime = facts.feedTime() == null ? facts.now() : facts.feedTime();
    long sinceOpen = feedTime.getEpochSecond() - MarketClock.sessionOpen(feedTime.getEpochSecond());
    if (!clock.isMarketOpen(feedTime) || sinceOpen < alerts.flatCandleGraceMinutes() * 60L) {
      return CheckResult.ok(FLAT, "market closed or just opened");
    }
    int instruments = facts.ticks().getInteger("instruments", 0);
    if (instruments == 0) {
      return CheckResult.unknown(FLAT, "no instruments");
    }
    JsonObject candles = facts.dayCandles().getJsonObject("candles", new JsonObject());
    int flat = 0;
    for (Map.Entry<String, Object> e : candles) {
      JsonObject c = e.getValue() instanceof JsonObject o ? o : new JsonObject();
      if (c.getDouble("high", 0.0).equals(c.getDouble("low", 0.0))) {
        flat++;
      }
    }
    int empty = Math.max(0, instruments - candles.size());
    double share = (double) (flat + empty) / instruments;
    return CheckResult.when(share > alerts.flatCandleShare(), FLAT, String.format(java.util.Locale.ROOT,
        "%d flat and %d empty day candles of %d instruments (%.1f%%, limit %.1f%%)", flat, empty, instruments,
        share * 100, alerts.flatCandleShare() * 100));
  }

  /** The counts to persist, and whether they changed since the last call. */
  JsonObject takeCountsIfChanged() {
    if (!changed) {
      return null;
    }
    changed = false;
    JsonObject out = new JsonObject();
    counts.forEach((day, n) -> out.put(day.toString(), n));
    return out;
  }
}
