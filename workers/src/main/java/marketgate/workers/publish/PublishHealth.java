package marketgate.workers.publish;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The publisher's health as metadata.json and {@code publish.status} report it: {@code healthy},
 * {@code degraded} after a failed publish (until the next success), {@code stale} when the market
 * is open and the newest tick is older than the alert threshold (or there is none).
 */
final class PublishHealth {
  static final String HEALTHY = "healthy";
  static final String DEGRADED = "degraded";
  static final String STALE = "stale";

  private final int staleAfterSeconds;
  private int consecutiveFailures;
  private long failuresTotal;
  private long successesTotal;
  private Instant lastSuccess;
  private Instant lastFailure;
  private String lastError;
  /** Per target, in config order: the monitor tells "git fails while local works" from a full outage. */
  private final java.util.Map<String, Target> targets = new java.util.LinkedHashMap<>();

  private static final class Target {
    int consecutiveFailures;
    Instant lastSuccess;
    String lastError;
  }

  PublishHealth(int staleDataThresholdMinutes) {
    this.staleAfterSeconds = staleDataThresholdMinutes * 60;
  }

  synchronized void succeeded(Instant at) {
    consecutiveFailures = 0;
    successesTotal++;
    lastSuccess = at;
  }

  synchronized void failed(Instant at, String error) {
    consecutiveFailures++;
    failuresTotal++;
    lastFailure = at;
    lastError = error;
  }

  synchronized void targetSucceeded(String name, Instant at) {
    Target t = targets.computeIfAbsent(name, n -> new Target());
    t.consecutiveFailures = 0;
    t.lastSuccess = at;
  }

  synchronized void targetFailed(String name, String error) {
    Target t = targets.computeIfAbsent(name, n -> new Target());
    t.consecutiveFailures++;
    t.lastError = error;
  }

  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * How old the newest data is, or null before the first tick: the time since the newest tick, or
   * since the newest batch arrived when that is shorter. The second rule is for feeds whose ticks
   * carry another clock (the simulator replays an earlier session): what was just produced is fresh.
   */
  static Long freshnessSeconds(long newestTickMillis, long lastBatchWallMillis, long wallMillis) {
    if (newestTickMillis == 0) {
      return null;
    }
    long since = wallMillis - newestTickMillis;
    if (lastBatchWallMillis > 0) {
      since = Math.min(since, wallMillis - lastBatchWallMillis);
    }
    return Math.max(0, since / 1000);
  }

  synchronized String status(Long freshnessSeconds, boolean marketOpen) {
    if (marketOpen && (freshnessSeconds == null || freshnessSeconds > staleAfterSeconds)) {
      return STALE;
    }
    return consecutiveFailures > 0 ? DEGRADED : HEALTHY;
  }

  /** The {@code health} object of metadata.json. */
  synchronized JsonObject toMetadata(Long freshnessSeconds, boolean marketOpen) {
    return new JsonObject()
        .put("status", status(freshnessSeconds, marketOpen))
        .put("last_successful_publish", lastSuccess == null ? null : lastSuccess.toString())
        .put("consecutive_failures", consecutiveFailures)
        .put("data_freshness_seconds", freshnessSeconds);
  }

  /** The {@code health} object for the metadata.json of a publish in progress, as it reads once it succeeds. */
  synchronized JsonObject toMetadataOnSuccess(Instant at, Long freshnessSeconds, boolean marketOpen) {
    boolean stale = marketOpen && (freshnessSeconds == null || freshnessSeconds > staleAfterSeconds);
    return new JsonObject()
        .put("status", stale ? STALE : HEALTHY)
        .put("last_successful_publish", at.toString())
        .put("consecutive_failures", 0)
        .put("data_freshness_seconds", freshnessSeconds);
  }

  /** The fuller picture for {@code publish.status}. */
  synchronized JsonObject toStatus(Long freshnessSeconds, boolean marketOpen) {
    return toMetadata(freshnessSeconds, marketOpen)
        .put("publishes", successesTotal)
        .put("failures", failuresTotal)
        .put("last_failure", lastFailure == null ? null : lastFailure.toString())
        .put("last_error", lastError)
        .put("target_status", targetStatus());
  }

  private JsonObject targetStatus() {
    JsonObject out = new JsonObject();
    targets.forEach((name, t) -> out.put(name, new JsonObject()
        .put("ok", t.consecutiveFailures == 0)
        .put("consecutive_failures", t.consecutiveFailures)
        .put("last_success", t.lastSuccess == null ? null : t.lastSuccess.toString())
        .put("last_error", t.lastError)));
    return out;
  }
}
