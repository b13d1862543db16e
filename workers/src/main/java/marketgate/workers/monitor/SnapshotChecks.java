package marketgate.workers.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.config.AlertsConfig;
import marketgate.shared.time.MarketClock;

/**
 * Published snapshots: data older than {@code alerts.staleDataThresholdMinutes} in NSE hours (never
 * on a weekend, a holiday, before 09:15 or in the threshold's first minutes of the session, when
 * old data is expected), a publisher that missed its off-hours cadence plus a margin, failures in
 * a row, and one target failing while another works.
 */
final class SnapshotChecks {
  static final String STALE = "snapshots.stale";
  static final String OVERDUE = "snapshots.publish_overdue";
  static final String FAILURES = "snapshots.publish_failures";
  static final String TARGET_SPLIT = "snapshots.target_failing";

  private final AlertsConfig alerts;
  private final MarketClock clock;
  private final int offHoursIntervalSeconds;
  private final Instant started;

  SnapshotChecks(AlertsConfig alerts, MarketClock clock, int offHoursIntervalSeconds, Instant started) {
    this.alerts = alerts;
    this.clock = clock;
    this.offHoursIntervalSeconds = offHoursIntervalSeconds;
    this.started = started;
  }

  List<CheckResult> evaluate(Facts facts) {
    return List.of(stale(facts), overdue(facts), failures(facts), targetSplit(facts));
  }

  CheckResult stale(Facts facts) {
    JsonObject publish = facts.publish();
    if (publish == null) {
      return CheckResult.unknown(STALE, "the publisher did not answer");
    }
    Instant now = facts.now();
    long limit = alerts.staleDataThresholdMinutes() * 60L;
    if (!clock.isMarketOpen(now)) {
      return CheckResult.ok(STALE, "market closed");
    }
    if (now.getEpochSecond() - MarketClock.sessionOpen(now.getEpochSecond()) <= limit) {
      return CheckResult.ok(STALE, "session opened less than " + alerts.staleDataThresholdMinutes() + " min ago");
    }
    Long freshness = publish.getLong("data_freshness_seconds");
    Instant last = Facts.instant(publish, "last_successful_publish");
    long publishAge = Duration.between(last == null ? started : last, now).toSeconds();
    if (freshness == null || freshness > limit) {
      return CheckResult.failing(STALE, freshness == null ? "no data at all while the market is open"
          : "newest data is " + freshness / 60 + " min old (limit " + alerts.staleDataThresholdMinutes() + " min)");
    }
    return CheckResult.when(publishAge > limit, STALE, "last successful publish " + publishAge / 60
        + " min ago (limit " + alerts.staleDataThresholdMinutes() + " min), newest data " + freshness + " s old");
  }

  CheckResult overdue(Facts facts) {
    if (facts.publish() == null) {
      return CheckResult.unknown(OVERDUE, "the publisher did not answer");
    }
    Instant last = Facts.instant(facts.publish(), "last_successful_publish");
    long age = Duration.between(last == null ? started : last, facts.now()).toSeconds();
    long limit = offHoursIntervalSeconds + alerts.offHoursMarginMinutes() * 60L;
    return CheckResult.when(age > limit, OVERDUE, (last == null ? "no successful publish for " : "last successful publish ")
        + age / 60 + " min ago (cadence " + offHoursIntervalSeconds / 60 + " min + " + alerts.offHoursMarginMinutes()
        + " min margin)");
  }

  CheckResult failures(Facts facts) {
    if (facts.publish() == null) {
      return CheckResult.unknown(FAILURES, "the publisher did not answer");
    }
    int inRow = facts.publish().getInteger("consecutive_failures", 0);
    return CheckResult.when(inRow >= alerts.publishFailuresInRow(), FAILURES, inRow + " publishes failed in a row"
        + (inRow > 0 ? ", last error: " + facts.publish().getString("last_error") : ""));
  }

  CheckResult targetSplit(Facts facts) {
    JsonObject targets = facts.publish() == null ? null : facts.publish().getJsonObject("target_status");
    if (targets == null || targets.isEmpty()) {
      return CheckResult.unknown(TARGET_SPLIT, "no per-target status yet");
    }
    List<String> failing = new ArrayList<>();
    List<String> working = new ArrayList<>();
    for (String name : targets.fieldNames()) {
      JsonObject t = targets.getJsonObject(name, new JsonObject());
      if (t.getBoolean("ok", true)) {
        working.add(name);
      } else {
        failing.add(name + " (" + t.getInteger("consecutive_failures", 0) + " in a row: " + t.getString("last_error") + ")");
      }
    }
    boolean split = !failing.isEmpty() && !working.isEmpty();
    return CheckResult.when(split, TARGET_SPLIT, failing.isEmpty() ? "every target works"
        : "failing: " + String.join(", ", failing) + (working.isEmpty() ? "" : "; working: " + String.join(", ", working)));
  }
}
