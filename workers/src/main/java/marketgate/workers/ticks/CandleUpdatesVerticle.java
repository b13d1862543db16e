package marketgate.workers.ticks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import marketgate.shared.bus.Addresses;
import marketgate.shared.model.Interval;

/**
 * Publishes the candles changed since the last round on {@link Addresses#TICKS_UPDATES}, every
 * {@code coalesceMillis}: one message a round, with only the newest changed candle of each series.
 * Coalescing this way bounds the rate per series to a few a second whatever the tick rate, and a
 * round costs one short lock per instrument (the day candle's version says whether anything else
 * of it can have changed, so quiet instruments cost one look).
 */
public final class CandleUpdatesVerticle extends VerticleBase {
  private static final Interval[] INTERVALS = Interval.all();

  private final CandleStore store;
  private final int coalesceMillis;
  private final CandleColumns columns = new CandleColumns(1);
  private long sentVersion;
  private long timer = -1;
  private long rounds;
  private long published;
  private long busyNanos;

  public CandleUpdatesVerticle(CandleStore store, int coalesceMillis) {
    this.store = store;
    this.coalesceMillis = coalesceMillis;
  }

  @Override
  public Future<?> start() {
    // Start from now: a client wants what changes from here on, the REST API has the history.
    sentVersion = store.version();
    timer = vertx.setPeriodic(coalesceMillis, id -> round());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One round: collect and publish what changed; returns the message, or null when nothing did. */
  JsonObject round() {
    long t0 = System.nanoTime();
    try {
      return collectAndPublish();
    } finally {
      busyNanos += System.nanoTime() - t0;
    }
  }

  private JsonObject collectAndPublish() {
    rounds++;
    long version = store.version();
    if (version == sentVersion) {
      return null;
    }
    JsonObject candles = changedSince(sentVersion, store.nowSeconds(System.currentTimeMillis()));
    sentVersion = version;
    if (candles.isEmpty()) {
      return null;
    }
    JsonObject message = new JsonObject()
        .put("version", version)
        .put("time", System.currentTimeMillis())
        .put("candles", candles);
    vertx.eventBus().publish(Addresses.TICKS_UPDATES, message);
    published++;
    return message;
  }

  private JsonObject changedSince(long since, long nowSeconds) {
    JsonObject all = new JsonObject();
    for (int idx = 0, n = store.instrumentCount(); idx < n; idx++) {
      JsonObject series = null;
      store.lock().lock();
      try {
        // Every accepted tick touches the day candle, so an unchanged one means nothing else changed.
        if (store.copyLocked(idx, Interval.DAY, 1, since, nowSeconds, columns) == 0) {
          continue;
        }
        series = new JsonObject();
        for (Interval interval : INTERVALS) {
          if (store.copyLocked(idx, interval, 1, since, nowSeconds, columns) == 1) {
            series.put(interval.label(), columns.candle(0).toJson());
          }
        }
      } finally {
        store.lock().unlock();
      }
      all.put(store.instrument(idx).symbol(), series);
    }
    return all;
  }

  /** Rounds run, messages published and the time spent on them (read on this verticle's context). */
  public JsonObject stats() {
    return new JsonObject().put("rounds", rounds).put("published", published).put("busy_millis", busyNanos / 1_000_000);
  }
}
