package marketgate.workers.ticks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.function.LongSupplier;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.bus.SharedJsonCodec;
import marketgate.shared.model.Interval;

/**
 * Publishes changed candles on {@link Addresses#TICKS_UPDATES}: the newest changed candle of each
 * series, at most once every {@code coalesceMillis} per instrument whatever the tick rate.
 *
 * <p>The limit is a leading edge, not a fixed round: a short round ({@link #roundMillis}) sends
 * every instrument that changed and was last sent at least {@code coalesceMillis} ago, so a tick on
 * a quiet instrument (a real feed sends about one a second each) goes out within one short round,
 * and only an instrument ticking faster than the limit waits for its window. A round costs one
 * short lock per instrument outside its window (the day candle's version says whether anything
 * else of it can have changed) and nothing at all while nothing changed and nothing waits.
 *
 * <p>Rounds run only while a stream wants candles ({@link Addresses#TICKS_UPDATES_DEMAND}). When
 * demand comes back, the first round sends the newest candle of every series that changed meanwhile.
 */
public final class CandleUpdatesVerticle extends VerticleBase {
  private static final Interval[] INTERVALS = Interval.all();
  private static final DeliveryOptions SHARED = new DeliveryOptions().setCodecName(SharedJsonCodec.NAME);

  private final CandleStore store;
  private final int coalesceMillis;
  private final int roundMillis;
  private final LongSupplier clock;
  private final CandleColumns columns = new CandleColumns(1);
  /** Per instrument index: the store version its last message covered, and when it was sent. */
  private long[] sentVersion = new long[0];
  private long[] sentAt = new long[0];
  private long startVersion;
  private long lastRoundVersion;
  private boolean waiting;
  private long timer = -1;
  /** Set by the bus consumer, read by each round (tests call rounds from their own thread). */
  private volatile long demandUntil = Long.MIN_VALUE;
  private long rounds;
  private long idleRounds;
  private long published;
  private long busyNanos;

  public CandleUpdatesVerticle(CandleStore store, int coalesceMillis) {
    this(store, coalesceMillis, roundMillis(coalesceMillis), System::currentTimeMillis);
  }

  /** For tests: their own round period (long, to call {@link #round} themselves) and clock. */
  CandleUpdatesVerticle(CandleStore store, int coalesceMillis, int roundMillis, LongSupplier clock) {
    this.store = store;
    this.coalesceMillis = coalesceMillis;
    this.roundMillis = roundMillis;
    this.clock = clock;
  }

  /** The short round: a fifth of the limit, between 5 and 40 ms. */
  static int roundMillis(int coalesceMillis) {
    return Math.max(5, Math.min(40, coalesceMillis / 5));
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    // Start from now: a client wants what changes from here on, the REST API has the history.
    startVersion = store.version();
    lastRoundVersion = startVersion;
    timer = vertx.setPeriodic(roundMillis, id -> round());
    return vertx.eventBus().consumer(Addresses.TICKS_UPDATES_DEMAND, m -> demanded()).completion();
  }

  /** A stream wants candles: rounds run for the lease from now. */
  void demanded() {
    demandUntil = clock.getAsLong() + Addresses.TICKS_UPDATES_DEMAND_LEASE_MILLIS;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One round: collect and publish what is due; returns the message, or null when nothing was. */
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
    long now = clock.getAsLong();
    if (now > demandUntil) {
      idleRounds++;
      return null;
    }
    long version = store.version();
    if (version == lastRoundVersion && !waiting) {
      return null;
    }
    lastRoundVersion = version;
    JsonObject candles = due(version, now);
    if (candles.isEmpty()) {
      return null;
    }
    JsonObject message = new JsonObject()
        .put("version", version)
        .put("time", now)
        .put("candles", candles);
    // Never changed after this: delivered to the streams without a copy per consumer.
    vertx.eventBus().publish(Addresses.TICKS_UPDATES, message, SHARED);
    published++;
    return message;
  }

  /** The series of every instrument that changed and is out of its window; notes whether any wait. */
  private JsonObject due(long version, long now) {
    int n = store.instrumentCount();
    if (sentVersion.length < n) {
      int old = sentVersion.length;
      sentVersion = Arrays.copyOf(sentVersion, n);
      sentAt = Arrays.copyOf(sentAt, n);
      Arrays.fill(sentVersion, old, n, startVersion);
      Arrays.fill(sentAt, old, n, Long.MIN_VALUE / 2);
    }
    long nowSeconds = store.nowSeconds(now);
    boolean anyWaiting = false;
    JsonObject all = new JsonObject();
    for (int idx = 0; idx < n; idx++) {
      if (now - sentAt[idx] < coalesceMillis) {
        // In its window: looked at again next round (whether it changed or not).
        anyWaiting |= sentVersion[idx] < version;
        continue;
      }
      JsonObject series = changedSince(idx, sentVersion[idx], nowSeconds);
      if (series != null) {
        sentVersion[idx] = version;
        sentAt[idx] = now;
        all.put(store.instrument(idx).symbol(), series);
      }
    }
    waiting = anyWaiting;
    return all;
  }

  private JsonObject changedSince(int idx, long since, long nowSeconds) {
    store.lock().lock();
    try {
      // Every accepted tick touches the day candle, so an unchanged one means nothing else changed.
      if (store.copyLocked(idx, Interval.DAY, 1, since, nowSeconds, columns) == 0) {
        return null;
      }
      JsonObject series = new JsonObject();
      for (Interval interval : INTERVALS) {
        if (store.copyLocked(idx, interval, 1, since, nowSeconds, columns) == 1) {
          series.put(interval.label(), columns.candle(0).toJson());
        }
      }
      return series;
    } finally {
      store.lock().unlock();
    }
  }

  /** Rounds run (idle: no stream wanted candles), messages published and the time spent on them (read on this verticle's context). */
  public JsonObject stats() {
    return new JsonObject().put("rounds", rounds).put("idle_rounds", idleRounds).put("published", published)
        .put("busy_millis", busyNanos / 1_000_000);
  }
}
