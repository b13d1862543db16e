package marketgate.workers.monitor;

import static marketgate.workers.monitor.MonitorFixtures.HOLIDAY;
import static marketgate.workers.monitor.MonitorFixtures.MARKET;
import static marketgate.workers.monitor.MonitorFixtures.SUNDAY;
import static marketgate.workers.monitor.MonitorFixtures.TRADING_DAY;
import static marketgate.workers.monitor.MonitorFixtures.ist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import marketgate.shared.config.AlertsConfig;
import marketgate.shared.config.MarketgateConfig;
import marketgate.workers.monitor.CheckResult.Status;
import org.junit.jupiter.api.Test;

/** Every check fires and clears as the test moves time and inputs; none fires when nothing is due. */
class MonitorChecksTest {
  private static final AlertsConfig ALERTS = MarketgateConfig.defaults().alerts();
  private static final int OFF_HOURS = MarketgateConfig.defaults().publish().offHoursIntervalSeconds();

  static JsonObject ticks(int instruments, long processed, long duplicates, Instant lastTick, Instant lastBatch) {
    return new JsonObject().put("instruments", instruments).put("ticks_processed", processed)
        .put("rejected", new JsonObject().put("duplicate", duplicates).put("out_of_session", 1_000_000))
        .put("last_tick_time", lastTick == null ? null : lastTick.toString())
        .put("last_batch_time", lastBatch == null ? null : lastBatch.toString());
  }

  static JsonObject kite(boolean connected, long frames, long malformed) {
    return new JsonObject().put("source", "kite").put("connected", connected).put("frames", frames)
        .put("malformed_total", malformed).put("last_error", connected ? null : "connection reset");
  }

  static JsonObject publish(Instant lastSuccess, Long freshness, int failures, JsonObject targets) {
    return new JsonObject().put("last_successful_publish", lastSuccess.toString()).put("data_freshness_seconds", freshness)
        .put("consecutive_failures", failures).put("last_error", failures > 0 ? "push rejected" : null)
        .put("target_status", targets);
  }

  static JsonObject targets(boolean localOk, boolean gitOk) {
    return new JsonObject()
        .put("local", new JsonObject().put("ok", localOk).put("consecutive_failures", localOk ? 0 : 2))
        .put("git", new JsonObject().put("ok", gitOk).put("consecutive_failures", gitOk ? 0 : 2).put("last_error", "no remote"));
  }

  static JsonObject bluedot(String daily, String weekly, int files, int failed, Long channelExpiration) {
    return new JsonObject()
        .put("batches", new JsonObject().put("daily", new JsonObject().put("label", daily))
            .put("weekly", new JsonObject().put("label", weekly)))
        .put("lastBatch", new JsonObject().put("timeframe", "daily").put("label", daily).put("files", files).put("failed", failed))
        .put("channel", channelExpiration == null ? null : new JsonObject().put("id", "c").put("expiration", channelExpiration));
  }

  static JsonObject dayCandles(int flat, int ranged) {
    JsonObject candles = new JsonObject();
    for (int i = 0; i < flat; i++) {
      candles.put("F" + i, new JsonObject().put("open", 10.0).put("high", 10.0).put("low", 10.0).put("close", 10.0));
    }
    for (int i = 0; i < ranged; i++) {
      candles.put("R" + i, new JsonObject().put("open", 10.0).put("high", 11.0).put("low", 9.5).put("close", 10.5));
    }
    return new JsonObject().put("candles", candles);
  }

  static Facts facts(Instant now, JsonObject ticks, JsonObject source, JsonObject day, JsonObject publish, JsonObject bluedot) {
    return new Facts(now, ticks, source, day, publish, bluedot, ClusterView.NOT_CLUSTERED);
  }

  private static void assertStatus(Status expected, CheckResult result) {
    assertEquals(expected, result.status(), result.check() + ": " + result.detail());
  }

  @Test
  void noTickFiresWhenTheFeedGoesQuietInSessionAndClearsWhenTicksReturn() {
    Instant t0 = ist(TRADING_DAY, "11:00");
    TickChecks checks = new TickChecks(ALERTS, MARKET, t0.minusSeconds(3600));
    JsonObject stats = ticks(10, 1000, 0, t0, t0);
    assertStatus(Status.OK, checks.noTick(facts(t0.plusSeconds(60), stats, null, null, null, null)));
    assertStatus(Status.FAILING, checks.noTick(facts(t0.plusSeconds(ALERTS.noTickSeconds() + 1), stats, null, null, null, null)));
    Instant back = t0.plusSeconds(600);
    assertStatus(Status.OK, checks.noTick(facts(back.plusSeconds(1), ticks(10, 2000, 0, back, back), null, null, null, null)));
  }

  @Test
  void rejectionShareFiresOnABadRoundAndClearsOnAGoodOne() {
    TickChecks checks = new TickChecks(ALERTS, MARKET, Instant.EPOCH);
    Instant now = ist(TRADING_DAY, "11:00");
    assertStatus(Status.UNKNOWN, checks.rejections(facts(now, ticks(10, 1000, 0, now, now), null, null, null, null)));
    assertStatus(Status.FAILING, checks.rejections(facts(now, ticks(10, 1500, 300, now, now), null, null, null, null)));
    assertStatus(Status.OK, checks.rejections(facts(now, ticks(10, 2500, 310, now, now), null, null, null, null)));
  }

  @Test
  void garbageFrameShareFiresAndClears() {
    TickChecks checks = new TickChecks(ALERTS, MARKET, Instant.EPOCH);
    Instant now = ist(TRADING_DAY, "11:00");
    assertStatus(Status.UNKNOWN, checks.garbage(facts(now, null, kite(true, 1000, 0), null, null, null)));
    assertStatus(Status.FAILING, checks.garbage(facts(now, null, kite(true, 2000, 200), null, null, null)));
    assertStatus(Status.OK, checks.garbage(facts(now, null, kite(true, 3000, 201), null, null, null)));
  }

  @Test
  void kiteDisconnectedFiresInMarketHoursOnly() {
    TickChecks checks = new TickChecks(ALERTS, MARKET, Instant.EPOCH);
    assertStatus(Status.FAILING, checks.kiteDown(facts(ist(TRADING_DAY, "11:00"), null, kite(false, 0, 0), null, null, null)));
    assertStatus(Status.OK, checks.kiteDown(facts(ist(TRADING_DAY, "11:01"), null, kite(true, 0, 0), null, null, null)));
    assertStatus(Status.OK, checks.kiteDown(facts(ist(TRADING_DAY, "20:00"), null, kite(false, 0, 0), null, null, null)));
  }

  @Test
  void staleDataFiresAfterTheThresholdInSessionAndClearsWithFreshData() {
    SnapshotChecks checks = new SnapshotChecks(ALERTS, MARKET, OFF_HOURS, Instant.EPOCH);
    Instant now = ist(TRADING_DAY, "11:00");
    long limit = ALERTS.staleDataThresholdMinutes() * 60L;
    assertStatus(Status.FAILING, checks.stale(facts(now, null, null, null, publish(now.minusSeconds(60), limit + 1, 0, null), null)));
    assertStatus(Status.FAILING, checks.stale(facts(now, null, null, null, publish(now.minusSeconds(limit + 60), 5L, 0, null), null)));
    assertStatus(Status.OK, checks.stale(facts(now, null, null, null, publish(now.minusSeconds(60), 30L, 0, null), null)));
  }

  @Test
  void publishOverdueFiresPastTheOffHoursCadencePlusMargin() {
    SnapshotChecks checks = new SnapshotChecks(ALERTS, MARKET, OFF_HOURS, Instant.EPOCH);
    Instant now = ist(TRADING_DAY, "20:00");
    long limit = OFF_HOURS + ALERTS.offHoursMarginMinutes() * 60L;
    assertStatus(Status.FAILING, checks.overdue(facts(now, null, null, null, publish(now.minusSeconds(limit + 60), null, 0, null), null)));
    assertStatus(Status.OK, checks.overdue(facts(now, null, null, null, publish(now.minusSeconds(600), null, 0, null), null)));
  }

  @Test
  void publishFailuresInARowAndOneFailingTargetFireAndClear() {
    SnapshotChecks checks = new SnapshotChecks(ALERTS, MARKET, OFF_HOURS, Instant.EPOCH);
    Instant now = ist(TRADING_DAY, "11:00");
    int limit = ALERTS.publishFailuresInRow();
    assertStatus(Status.FAILING, checks.failures(facts(now, null, null, null, publish(now, 1L, limit, null), null)));
    assertStatus(Status.OK, checks.failures(facts(now, null, null, null, publish(now, 1L, limit - 1, null), null)));
    assertStatus(Status.FAILING, checks.targetSplit(facts(now, null, null, null, publish(now, 1L, 1, targets(true, false)), null)));
    assertStatus(Status.OK, checks.targetSplit(facts(now, null, null, null, publish(now, 1L, 0, targets(true, true)), null)));
    // Everything down is the "failures in a row" check's business, not a split.
    assertStatus(Status.OK, checks.targetSplit(facts(now, null, null, null, publish(now, 1L, 1, targets(false, false)), null)));
  }

  @Test
  void universeDropAgainstThePreviousTradingDayFiresAndClears() {
    UniverseChecks checks = new UniverseChecks(ALERTS, MARKET, null);
    LocalDate previous = MARKET.previousTradingDay(TRADING_DAY);
    Instant today = ist(TRADING_DAY, "11:00");
    assertStatus(Status.OK, checks.drop(facts(ist(previous, "11:00"), ticks(1000, 0, 0, null, null), null, null, null, null)));
    assertStatus(Status.FAILING, checks.drop(facts(today, ticks(800, 0, 0, null, null), null, null, null, null)));
    assertStatus(Status.OK, checks.drop(facts(today.plusSeconds(60), ticks(1000, 0, 0, null, null), null, null, null, null)));
    // Counts survive a restart through what takeCountsIfChanged hands out for saving.
    UniverseChecks restarted = new UniverseChecks(ALERTS, MARKET, checks.takeCountsIfChanged());
    assertStatus(Status.FAILING, restarted.drop(facts(ist(MARKET.nextTradingDay(TRADING_DAY), "11:00"),
        ticks(500, 0, 0, null, null), null, null, null, null)));
  }

  @Test
  void flatOrEmptyCandlesFireAfterTheGraceAndClear() {
    UniverseChecks checks = new UniverseChecks(ALERTS, MARKET, null);
    Instant now = ist(TRADING_DAY, "11:00");
    JsonObject stats = ticks(10, 1000, 0, now, now);
    assertStatus(Status.FAILING, checks.flat(facts(now, stats, null, dayCandles(4, 4), null, null)));
    assertStatus(Status.OK, checks.flat(facts(now, stats, null, dayCandles(0, 10), null, null)));
    Instant early = ist(TRADING_DAY, "09:20");
    assertStatus(Status.OK, checks.flat(facts(early, ticks(10, 10, 0, early, early), null, dayCandles(1, 0), null, null)));
  }

  @Test
  void blueDotBatchesMissingAfterTheirDueTimeFireAndClear() {
    BlueDotChecks checks = new BlueDotChecks(ALERTS, MARKET, true);
    String today = TRADING_DAY.toString();
    String yesterday = MARKET.previousTradingDay(TRADING_DAY).toString();
    long far = ist(TRADING_DAY, "23:00").toEpochMilli() + Duration.ofHours(20).toMillis();
    Instant beforeDue = ist(TRADING_DAY, "20:00");
    Instant afterDue = ist(TRADING_DAY, "22:00");
    assertStatus(Status.OK, checks.daily(facts(beforeDue, null, null, null, null, bluedot(yesterday, "2026-W47", 10, 0, far))));
    assertStatus(Status.FAILING, checks.daily(facts(afterDue, null, null, null, null, bluedot(yesterday, "2026-W47", 10, 0, far))));
    assertStatus(Status.OK, checks.daily(facts(afterDue, null, null, null, null, bluedot(today, "2026-W47", 10, 0, far))));

    Instant saturday = ist(LocalDate.of(2026, 11, 21), "13:00");
    assertStatus(Status.FAILING, checks.weekly(facts(saturday, null, null, null, null, bluedot(today, "2026-W46", 10, 0, far))));
    assertStatus(Status.OK, checks.weekly(facts(saturday, null, null, null, null, bluedot(today, "2026-W47", 10, 0, far))));
  }

  @Test
  void blueDotFailureShareAndDriveChannelExpiryFireAndClear() {
    BlueDotChecks checks = new BlueDotChecks(ALERTS, MARKET, true);
    Instant now = ist(TRADING_DAY, "12:00");
    String day = TRADING_DAY.toString();
    long soon = now.toEpochMilli() + Duration.ofMinutes(ALERTS.driveChannelWarnMinutes() - 1).toMillis();
    long later = now.toEpochMilli() + Duration.ofHours(20).toMillis();
    assertStatus(Status.FAILING, checks.failures(facts(now, null, null, null, null, bluedot(day, "2026-W47", 100, 10, later))));
    assertStatus(Status.OK, checks.failures(facts(now, null, null, null, null, bluedot(day, "2026-W47", 100, 1, later))));
    assertStatus(Status.FAILING, checks.channel(facts(now, null, null, null, null, bluedot(day, "2026-W47", 100, 1, soon))));
    assertStatus(Status.FAILING, checks.channel(facts(now, null, null, null, null, bluedot(day, "2026-W47", 100, 1, null))));
    assertStatus(Status.OK, checks.channel(facts(now, null, null, null, null, bluedot(day, "2026-W47", 100, 1, later))));
  }

  @Test
  void aLostSingletonRoleAndAnUnheldSingletonFireAndClear() {
    ClusterChecks checks = new ClusterChecks();
    Instant now = ist(TRADING_DAY, "12:00");
    ClusterView both = new ClusterView(true, Map.of("a", Set.of("ticks", "publish"), "b", Set.of("monitor")), Map.of());
    ClusterView lost = new ClusterView(true, Map.of("b", Set.of("monitor")), Map.of());
    ClusterView unheld = new ClusterView(true, Map.of("b", Set.of("monitor", "ticks", "publish")),
        java.util.Collections.singletonMap("kite", null));
    ClusterView held = new ClusterView(true, Map.of("b", Set.of("monitor", "ticks", "publish")), Map.of("kite", "b"));
    assertEquals(List.of(Status.OK, Status.OK), statuses(checks.evaluate(clusterFacts(now, both))));
    assertEquals(List.of(Status.FAILING, Status.OK), statuses(checks.evaluate(clusterFacts(now, lost))));
    assertEquals(List.of(Status.OK, Status.FAILING), statuses(checks.evaluate(clusterFacts(now, unheld))));
    assertEquals(List.of(Status.OK, Status.OK), statuses(checks.evaluate(clusterFacts(now, held))));
    assertEquals(List.of(Status.OK, Status.OK), statuses(checks.evaluate(clusterFacts(now, ClusterView.NOT_CLUSTERED))));
  }

  private static Facts clusterFacts(Instant now, ClusterView view) {
    return new Facts(now, null, null, null, null, null, view);
  }

  private static List<Status> statuses(List<CheckResult> results) {
    return results.stream().map(CheckResult::status).toList();
  }

  /**
   * The feed quiet since the last session, data hours old, the Kite socket closed, candles flat,
   * the daily batch missing: on a Sunday, an NSE holiday or before 09:15 none of that is an alarm.
   */
  @Test
  void nothingFiresOnASundayAnNseHolidayOrBeforeNineFifteen() {
    // Thirty one-minute rounds each: 08:44 to 09:14 is the last half hour before the open.
    for (Instant now : List.of(ist(SUNDAY, "11:00"), ist(HOLIDAY, "11:00"), ist(TRADING_DAY, "08:44"))) {
      LocalDate lastSession = MARKET.latestSessionDay(now);
      Instant lastTick = ist(lastSession, "15:29:59");
      String staleBatch = MARKET.previousTradingDay(lastSession).toString();
      JsonObject stats = ticks(1000, 100, 0, lastTick, lastTick);
      JsonObject source = kite(false, 1000, 0);
      JsonObject pub = publish(now.minusSeconds(600), Duration.between(lastTick, now).toSeconds(), 0, targets(true, true));
      JsonObject blue = bluedot(now.equals(ist(TRADING_DAY, "08:44")) ? lastSession.toString() : staleBatch, "2026-W47",
          100, 0, now.toEpochMilli() + 86_400_000L);
      TickChecks ticks = new TickChecks(ALERTS, MARKET, now.minusSeconds(86_400));
      SnapshotChecks snapshots = new SnapshotChecks(ALERTS, MARKET, OFF_HOURS, now.minusSeconds(86_400));
      UniverseChecks universe = new UniverseChecks(ALERTS, MARKET, null);
      BlueDotChecks blueDot = new BlueDotChecks(ALERTS, MARKET, true);
      IncidentTracker tracker = new IncidentTracker(Duration.ZERO, Duration.ofMinutes(60), 10);
      List<CheckResult> all = new ArrayList<>();
      for (int minute = 0; minute <= 30; minute++) {
        Facts f = facts(now.plusSeconds(minute * 60L), stats, source, dayCandles(1000, 0), pub, blue);
        List<CheckResult> round = new ArrayList<>();
        round.addAll(ticks.evaluate(f));
        round.addAll(snapshots.evaluate(f));
        round.addAll(universe.evaluate(f));
        round.addAll(blueDot.evaluate(f));
        all.addAll(round);
        tracker.update(round, f.now());
      }
      List<CheckResult> failing = all.stream().filter(CheckResult::failing).distinct().limit(5).toList();
      assertTrue(failing.isEmpty(), now + ": " + failing);
      assertTrue(tracker.healthy(), now + ": " + tracker.incidentsJson());
    }
  }
}
