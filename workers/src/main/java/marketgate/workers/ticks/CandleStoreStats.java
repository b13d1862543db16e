package marketgate.workers.ticks;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Counters of the candle engine, for {@code /status} and the bot; cheap to take (O(1)). */
public record CandleStoreStats(
    int instruments,
    int instrumentsWithTicks,
    long ticksProcessed,
    long[] rejected,
    long lastTickMillis,
    long candlesCreated,
    long candlesCompleted,
    long version,
    long lastBatchWallMillis) {

  public long rejected(RejectReason reason) {
    return rejected[reason.ordinal()];
  }

  public JsonObject toJson() {
    JsonObject reasons = new JsonObject();
    for (RejectReason reason : RejectReason.values()) {
      reasons.put(reason.label(), rejected[reason.ordinal()]);
    }
    return new JsonObject()
        .put("instruments", instruments)
        .put("instruments_with_ticks", instrumentsWithTicks)
        .put("ticks_processed", ticksProcessed)
        .put("rejected", reasons)
        .put("last_tick_time", lastTickMillis == 0 ? null : Instant.ofEpochMilli(lastTickMillis).toString())
        .put("candles_created", candlesCreated)
        .put("candles_completed", candlesCompleted)
        .put("version", version)
        .put("last_batch_time", lastBatchWallMillis == 0 ? null : Instant.ofEpochMilli(lastBatchWallMillis).toString());
  }
}
