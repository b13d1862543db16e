package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the Drive sync knows about batches (keys {@code <timeframe>/<label>}): the ones seen but
 * not converted yet, and the one conversion each batch may have running.
 *
 * <p>A pending batch is a trigger whose batch was incomplete (convert as soon as it is complete)
 * or new files without a trigger (convert once the count held still for a whole pass, so a
 * half-uploaded folder is not taken for a batch). A batch that never completes is dropped after
 * {@code expiryMillis} and reported; at most {@link #MAX_PENDING} are held, the oldest dropped
 * first. Not thread-safe: the verticle calls it from its own context only.
 */
final class BatchTracker {
  static final int MAX_PENDING = 64;
  /** Expired batches kept for {@code /status}. */
  static final int EXPIRED_SHOWN = 20;

  /** @param lastCount files seen on the last look, -1 before the first look */
  record Pending(int lastCount, boolean afterTrigger, long firstSeenMillis) {}

  private final Clock clock;
  private final long expiryMillis;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Map<String, Future<Void>> running = new HashMap<>();
  private final Deque<JsonObject> expired = new ArrayDeque<>();
  private long expiredCount;

  BatchTracker(Clock clock, long expiryMillis) {
    this.clock = clock;
    this.expiryMillis = expiryMillis;
  }

  /** New files without a trigger: pending, first look still to come. */
  void sawFiles(String key) {
    if (!pending.containsKey(key)) {
      add(key, new Pending(-1, false, clock.millis()));
    }
  }

  /** A trigger came but its batch could not convert yet: convert as soon as it is complete. */
  void triggered(String key) {
    Pending old = pending.get(key);
    add(key, new Pending(-1, true, old == null ? clock.millis() : old.firstSeenMillis()));
  }

  void counted(String key, int count) {
    pending.computeIfPresent(key, (k, p) -> new Pending(count, p.afterTrigger(), p.firstSeenMillis()));
  }

  void converted(String key) {
    pending.remove(key);
  }

  Map<String, Pending> pending() {
    return Map.copyOf(pending);
  }

  List<String> pendingKeys() {
    return List.copyOf(pending.keySet());
  }

  private void add(String key, Pending entry) {
    pending.put(key, entry);
    Iterator<Map.Entry<String, Pending>> oldest = pending.entrySet().iterator();
    while (pending.size() > MAX_PENDING && oldest.hasNext()) {
      String dropped = oldest.next().getKey();
      oldest.remove();
      record(dropped, "more than " + MAX_PENDING + " batches pending: the oldest is dropped");
    }
  }

  /** Drops the batches that waited longer than the expiry; returns their reasons (to log). */
  List<String> expire() {
    long now = clock.millis();
    List<String> reasons = new java.util.ArrayList<>();
    Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Pending> e = it.next();
      if (now - e.getValue().firstSeenMillis() >= expiryMillis && !running.containsKey(e.getKey())) {
        it.remove();
        String reason = "batch " + e.getKey() + " did not complete within " + expiryMillis / 1000
            + " s (last seen with " + Math.max(0, e.getValue().lastCount()) + " files): no longer pending";
        record(e.getKey(), reason);
        reasons.add(reason);
      }
    }
    return reasons;
  }

  private void record(String key, String reason) {
    expiredCount++;
    expired.addLast(new JsonObject().put("batch", key).put("at", Instant.ofEpochMilli(clock.millis()).toString())
        .put("reason", reason));
    while (expired.size() > EXPIRED_SHOWN) {
      expired.removeFirst();
    }
  }

  /**
   * Runs the batch's conversion unless one is already running: then the caller joins it (same
   * outcome), so two conversions of one batch never share, and delete, its download folder.
   */
  Future<Void> once(String key, Supplier<Future<Void>> conversion) {
    Future<Void> current = running.get(key);
    if (current != null) {
      return current;
    }
    Future<Void> started;
    try {
      started = conversion.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (!started.isComplete()) {
      running.put(key, started);
      started.onComplete(r -> running.remove(key));
    }
    return started;
  }

  JsonObject status() {
    return new JsonObject().put("pending", new JsonArray(pendingKeys()))
        .put("converting", new JsonArray(List.copyOf(running.keySet())))
        .put("expiredCount", expiredCount).put("expired", new JsonArray(List.copyOf(expired)));
  }
}
