package marketgate.workers.ticks;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import marketgate.shared.model.Candle;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;

/**
 * The candle engine: per instrument and interval, a bounded ring of the newest candles.
 *
 * <p>Layout is chosen for the hot path: each interval's ring is one {@code long[]} with a stride of
 * 8 longs (one 64-byte cache line a candle: start, open, high, low, close, volume, oi, meta), and a
 * tick updates only its 1m and day candles (2m-60m are rolled up from whole minutes), plus one line
 * of per-instrument state: about four cache lines a tick. Prices are stored as raw double bits. {@code meta}
 * packs the tick count (low 24 bits) and the version of the batch that last changed the candle
 * (high 40 bits), which is how the publisher finds the candles changed since its last file.
 *
 * <p>Volume: Kite sends the day's cumulative volume. A candle gets the increase since the
 * previous tick; the day candle gets the cumulative value itself. The last cumulative value per
 * instrument is part of the checkpoint, so a restart does not book the whole day's volume into one
 * candle. When there is no earlier value for the day, the increase is unknown and only a tick in
 * the session's first minute (where Kite's own historical candles put the pre-open volume) books
 * the cumulative value; later first ticks book 0 rather than a spike.
 *
 * <p>Thread-safety: mutations and reads take one lock. The ticks verticle takes it once per batch,
 * the publisher once per instrument and interval, so neither waits long.
 */
public final class CandleStore {
  static final int STRIDE = 8;
  static final int F_START = 0;
  static final int F_OPEN = 1;
  static final int F_HIGH = 2;
  static final int F_LOW = 3;
  static final int F_CLOSE = 4;
  static final int F_VOLUME = 5;
  static final int F_OI = 6;
  static final int F_META = 7;
  private static final int TICK_BITS = 24;
  private static final long TICK_MASK = (1L << TICK_BITS) - 1;
  private static final int INTERVALS = Interval.count();
  private static final int DAY = Interval.DAY.ordinal();
  private static final int M1 = Interval.M1.ordinal();
  private static final int IST = MarketClock.IST_OFFSET_SECONDS;
  private static final int OPEN = MarketClock.OPEN_SECOND_OF_DAY;
  private static final int SESSION = MarketClock.SESSION_SECONDS;

  private final ReentrantLock lock = new ReentrantLock();
  /** The newest candle of a read, with the live minute merged in; guarded by the lock. */
  private final long[] scratch = new long[STRIDE];
  private final Universe universe;
  private final Instrument[] instruments;
  private final TokenIndex tokens;
  private final boolean keepOutOfSession;
  /** A tick older than its instrument's newest by more than this is late, whatever its candle. */
  private final long outOfOrderMillis;
  private final SessionBuckets buckets = new SessionBuckets();

  private final int[] capacity = new int[INTERVALS];
  private final long[][] rings = new long[INTERVALS][];
  /** Per instrument and interval: index of the newest slot, and how many slots are used. */
  private final int[] head;
  private final int[] used;

  /**
   * Per instrument, one cache line: the newest tick (time, price bits, OI) and the last cumulative
   * volume with its IST day. Fields at {@code idx * STRIDE + S_*}.
   */
  private final long[] state;
  static final int S_MILLIS = 0;
  static final int S_PRICE = 1;
  static final int S_CUM = 2;
  static final int S_CUM_DAY = 3;
  static final int S_OI = 4;

  // Stats: plain counters updated in O(1) per tick, read under the lock.
  private long version;
  private long ticksProcessed;
  private final long[] rejected = new long[RejectReason.values().length];
  private int instrumentsWithTicks;
  private long newestTickMillis;
  /** Wall-clock time the newest live batch was applied (not recovery replays). */
  private long lastBatchWallMillis;
  private long candlesCreated;
  private long candlesCompleted;
  /**
   * Recovery from a striped checkpoint: per instrument, the newest batch version its stripe already
   * holds (journaled batches up to it are skipped for that instrument), and the version the
   * restored counters already count. Null and 0 outside recovery.
   */
  private long[] replayFloor;
  private long countedThrough;

  /** The default out-of-order window of {@code ticks.outOfOrderMillis}: one minute. */
  public static final long DEFAULT_OUT_OF_ORDER_MILLIS = 60_000;

  public CandleStore(Universe universe, int[] ringSizes, boolean keepOutOfSession) {
    this(universe, ringSizes, keepOutOfSession, DEFAULT_OUT_OF_ORDER_MILLIS);
  }

  /** @param outOfOrderMillis see {@code ticks.outOfOrderMillis} */
  public CandleStore(Universe universe, int[] ringSizes, boolean keepOutOfSession, long outOfOrderMillis) {
    this.universe = universe;
    this.outOfOrderMillis = outOfOrderMillis;
    this.instruments = universe.instruments().toArray(new Instrument[0]);
    this.keepOutOfSession = keepOutOfSession;
    int n = instruments.length;
    this.tokens = new TokenIndex(n);
    for (int i = 0; i < n; i++) {
      tokens.put(instruments[i].token(), i);
    }
    for (int k = 0; k < INTERVALS; k++) {
      capacity[k] = ringSizes[k];
      rings[k] = new long[n * capacity[k] * STRIDE];
    }
    head = new int[n * INTERVALS];
    used = new int[n * INTERVALS];
    state = new long[n * STRIDE];
    for (int i = 0; i < n; i++) {
      state[i * STRIDE + S_CUM] = -1;
      state[i * STRIDE + S_CUM_DAY] = Long.MIN_VALUE;
    }
  }

  public Universe universe() {
    return universe;
  }

  public int instrumentCount() {
    return instruments.length;
  }

  public Instrument instrument(int index) {
    return instruments[index];
  }

  /** Index of an instrument by token, or -1. */
  public int indexOf(int token) {
    return tokens.get(token);
  }

  public ReentrantLock lock() {
    return lock;
  }

  /** Applies a batch; returns the version the batch got (used by the journal). */
  public long apply(TickBatch batch) {
    lock.lock();
    try {
      long v = ++version;
      lastBatchWallMillis = System.currentTimeMillis();
      for (int i = 0, n = batch.size(); i < n; i++) {
        applyTick(batch.token(i), batch.price(i), batch.cumulativeVolume(i), batch.openInterest(i),
            batch.epochMillis(i), v);
      }
      return v;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replays a journaled batch under its original version (recovery after a crash). After a striped
   * checkpoint, an instrument whose stripe was copied after this batch already holds it, and the
   * counters saved last count every batch up to their version: both are left as they are.
   */
  void replay(TickBatch batch, long batchVersion) {
    lock.lock();
    try {
      version = Math.max(version, batchVersion);
      boolean counted = batchVersion <= countedThrough;
      long ticks = ticksProcessed;
      int withTicks = instrumentsWithTicks;
      long created = candlesCreated;
      long completed = candlesCompleted;
      long[] reasons = counted ? rejected.clone() : null;
      for (int i = 0, n = batch.size(); i < n; i++) {
        int idx = tokens.get(batch.token(i));
        if (replayFloor != null && idx >= 0 && batchVersion <= replayFloor[idx]) {
          continue;
        }
        applyTick(batch.token(i), batch.price(i), batch.cumulativeVolume(i), batch.openInterest(i),
            batch.epochMillis(i), batchVersion);
      }
      if (counted) {
        ticksProcessed = ticks;
        instrumentsWithTicks = withTicks;
        candlesCreated = created;
        candlesCompleted = completed;
        System.arraycopy(reasons, 0, rejected, 0, reasons.length);
      }
    } finally {
      lock.unlock();
    }
  }

  private void applyTick(int token, double price, long cumVolume, long oi, long millis, long v) {
    int idx = tokens.get(token);
    if (idx < 0) {
      rejected[RejectReason.UNKNOWN_TOKEN.ordinal()]++;
      return;
    }
    if (!(price > 0) || price == Double.POSITIVE_INFINITY) {
      rejected[RejectReason.NON_POSITIVE_PRICE.ordinal()]++;
      return;
    }
    int st = idx * STRIDE;
    long seen = state[st + S_MILLIS];
    long priceBits = Double.doubleToRawLongBits(price);
    if (seen == millis && state[st + S_PRICE] == priceBits && state[st + S_CUM] == cumVolume && seen != 0) {
      rejected[RejectReason.DUPLICATE.ordinal()]++;
      return;
    }
    if (seen != 0 && millis < seen - outOfOrderMillis) {
      // A source replaying time it already sent (a simulator or feed restarted from the session's
      // start) must not book its ticks a second time into candles that already hold them.
      rejected[RejectReason.LATE.ordinal()]++;
      return;
    }
    long second = Math.floorDiv(millis, 1000);
    long day = Math.floorDiv(second + IST, 86_400);
    long midnight = day * 86_400 - IST;
    int sessionSecond = (int) (second - midnight) - OPEN;
    boolean inSession = sessionSecond >= 0 && sessionSecond < SESSION;

    long delta = 0;
    if (cumVolume >= 0) {
      long cumDay = state[st + S_CUM_DAY];
      if (cumDay == day) {
        long last = state[st + S_CUM];
        if (cumVolume > last) {
          delta = cumVolume - last;
          state[st + S_CUM] = cumVolume;
        }
      } else if (cumDay < day) {
        delta = inSession && sessionSecond < 60 ? cumVolume : 0;
        state[st + S_CUM_DAY] = day;
        state[st + S_CUM] = cumVolume;
      }
    }
    boolean newest = millis >= seen;
    if (seen == 0) {
      instrumentsWithTicks++;
    }
    if (newest) {
      state[st + S_MILLIS] = millis;
      state[st + S_PRICE] = priceBits;
      state[st + S_OI] = oi;
    }
    if (millis > newestTickMillis) {
      newestTickMillis = millis;
    }
    ticksProcessed++;

    boolean late = false;
    if (inSession || keepOutOfSession) {
      long minuteStart = inSession ? midnight + OPEN + (sessionSecond / 60) * 60L : Math.floorDiv(second, 60) * 60;
      late = !tickMinute(idx, minuteStart, price, delta, oi, newest, v);
    }
    if (!inSession) {
      rejected[RejectReason.OUT_OF_SESSION.ordinal()]++;
    }
    long dayVolume = cumVolume >= 0 ? cumVolume : delta;
    late |= !update(DAY, idx, midnight, price, dayVolume, oi, newest, v, cumVolume >= 0);
    if (late) {
      rejected[RejectReason.LATE.ordinal()]++;
    }
  }

  /**
   * The hot path: a tick goes into its 1m candle only. The 2m-60m candles are built from whole
   * minutes: when a new minute starts, the finished 1m candle is rolled into each of them, and
   * readers merge the live minute in ({@link #copyLocked}). Buckets are all anchored at 09:15, so
   * every minute lies inside exactly one bucket of each interval. This touches two cache lines a
   * tick instead of ten.
   */
  private boolean tickMinute(int idx, long minuteStart, double price, long delta, long oi, boolean newest, long v) {
    int hk = idx * INTERVALS + M1;
    long[] ring = rings[M1];
    int cap = capacity[M1];
    int count = used[hk];
    int h = head[hk];
    int p = (idx * cap + h) * STRIDE;
    if (count > 0) {
      long start = ring[p + F_START];
      if (minuteStart == start) {
        merge(ring, p, price, delta, oi, newest, v, false);
        return true;
      }
      if (minuteStart < start) {
        return lateTick(idx, minuteStart, price, delta, oi, v);
      }
      rollUp(idx, ring, p, start);
      countNewBuckets(start, minuteStart);
      h = h + 1 == cap ? 0 : h + 1;
      head[hk] = h;
      if (count < cap) {
        used[hk] = count + 1;
      }
    } else {
      countNewBuckets(Long.MIN_VALUE, minuteStart);
      head[hk] = 0;
      h = 0;
      used[hk] = 1;
    }
    create(ring, (idx * cap + h) * STRIDE, minuteStart, price, delta, oi, v);
    return true;
  }

  /** Stats as if every interval had its own candle from its first tick: one per new bucket. */
  private void countNewBuckets(long previousMinute, long minuteStart) {
    for (int k = 0; k < DAY; k++) {
      if (previousMinute == Long.MIN_VALUE) {
        candlesCreated++;
      } else if (bucketOf(minuteStart, k) != bucketOf(previousMinute, k)) {
        candlesCreated++;
        candlesCompleted++;
      }
    }
  }

  /** Rolls a finished 1m candle into the 2m-60m candles its minute belongs to. */
  private void rollUp(int idx, long[] minutes, int m, long minuteStart) {
    for (int k = M1 + 1; k < DAY; k++) {
      long bucket = bucketOf(minuteStart, k);
      long[] ring = rings[k];
      int cap = capacity[k];
      int hk = idx * INTERVALS + k;
      int count = used[hk];
      int h = head[hk];
      int p = (idx * cap + h) * STRIDE;
      if (count > 0 && ring[p + F_START] == bucket) {
        mergeCandle(ring, p, minutes, m);
      } else if (count == 0 || ring[p + F_START] < bucket) {
        h = count == 0 ? 0 : (h + 1 == cap ? 0 : h + 1);
        head[hk] = h;
        used[hk] = Math.min(count + 1, cap);
        p = (idx * cap + h) * STRIDE;
        System.arraycopy(minutes, m, ring, p, STRIDE);
        ring[p + F_START] = bucket;
      } else {
        int q = find(ring, idx, cap, h, count, bucket);
        if (q >= 0) {
          mergeCandle(ring, q, minutes, m);
        }
      }
    }
  }

  /** A tick older than the live minute: update every held candle of its buckets directly. */
  private boolean lateTick(int idx, long minuteStart, double price, long delta, long oi, long v) {
    boolean placed = true;
    for (int k = M1; k < DAY; k++) {
      long bucket = k == M1 ? minuteStart : bucketOf(minuteStart, k);
      int cap = capacity[k];
      int hk = idx * INTERVALS + k;
      int q = find(rings[k], idx, cap, head[hk], used[hk], bucket);
      if (q >= 0) {
        merge(rings[k], q, price, delta, oi, false, v, false);
      } else {
        placed = false;
      }
    }
    return placed;
  }

  /** Position of the held candle starting at {@code bucket}, or -1. */
  private static int find(long[] ring, int idx, int cap, int h, int count, long bucket) {
    for (int j = 0; j < count; j++) {
      int q = (idx * cap + Math.floorMod(h - j, cap)) * STRIDE;
      long s = ring[q + F_START];
      if (s == bucket) {
        return q;
      }
      if (s < bucket) {
        return -1;
      }
    }
    return -1;
  }

  /** Start of the bucket of interval {@code k} that holds the minute starting at {@code minuteStart}. */
  long bucketOf(long minuteStart, int k) {
    long open = MarketClock.sessionOpen(minuteStart);
    long offset = minuteStart - open;
    if (offset >= 0 && offset < SESSION) {
      return open + buckets.offset((int) (offset / 60), k);
    }
    int length = Interval.byOrdinal(k).seconds();
    return open + Math.floorDiv(offset, length) * length;
  }

  private void create(long[] ring, int p, long bucket, double price, long volume, long oi, long v) {
    long bits = Double.doubleToRawLongBits(price);
    ring[p + F_START] = bucket;
    ring[p + F_OPEN] = bits;
    ring[p + F_HIGH] = bits;
    ring[p + F_LOW] = bits;
    ring[p + F_CLOSE] = bits;
    ring[p + F_VOLUME] = volume;
    ring[p + F_OI] = oi;
    ring[p + F_META] = (v << TICK_BITS) | 1;
  }

  /** Merges a whole later candle (src) into dst: the range widens, close, OI and version follow src. */
  static void mergeCandle(long[] dst, int p, long[] src, int q) {
    if (Double.longBitsToDouble(src[q + F_HIGH]) > Double.longBitsToDouble(dst[p + F_HIGH])) {
      dst[p + F_HIGH] = src[q + F_HIGH];
    }
    if (Double.longBitsToDouble(src[q + F_LOW]) < Double.longBitsToDouble(dst[p + F_LOW])) {
      dst[p + F_LOW] = src[q + F_LOW];
    }
    dst[p + F_CLOSE] = src[q + F_CLOSE];
    dst[p + F_OI] = src[q + F_OI];
    dst[p + F_VOLUME] += src[q + F_VOLUME];
    long ticks = Math.min((dst[p + F_META] & TICK_MASK) + (src[q + F_META] & TICK_MASK), TICK_MASK);
    long version = Math.max(dst[p + F_META] >>> TICK_BITS, src[q + F_META] >>> TICK_BITS);
    dst[p + F_META] = (version << TICK_BITS) | ticks;
  }

  /**
   * Puts a tick into the candle of {@code bucket}; false when that candle is no longer held.
   *
   * @param volumeIsTotal the volume is the candle's total so far (day candle), not an increase
   */
  private boolean update(int k, int idx, long bucket, double price, long volume, long oi, boolean newest, long v,
      boolean volumeIsTotal) {
    long[] ring = rings[k];
    int cap = capacity[k];
    int slotBase = idx * cap;
    int hk = idx * INTERVALS + k;
    int count = used[hk];
    int h = head[hk];
    if (count > 0) {
      int p = (slotBase + h) * STRIDE;
      long start = ring[p + F_START];
      if (bucket == start) {
        merge(ring, p, price, volume, oi, newest, v, volumeIsTotal);
        return true;
      }
      if (bucket < start) {
        int q = find(ring, idx, cap, h, count, bucket);
        if (q >= 0) {
          merge(ring, q, price, volume, oi, false, v, volumeIsTotal);
        }
        return q >= 0;
      }
      candlesCompleted++;
      h = h + 1 == cap ? 0 : h + 1;
      head[hk] = h;
      if (count < cap) {
        used[hk] = count + 1;
      }
    } else {
      head[hk] = 0;
      h = 0;
      used[hk] = 1;
    }
    create(ring, (slotBase + h) * STRIDE, bucket, price, volume, oi, v);
    candlesCreated++;
    return true;
  }

  private static void merge(long[] ring, int p, double price, long volume, long oi, boolean newest, long v,
      boolean volumeIsTotal) {
    if (price > Double.longBitsToDouble(ring[p + F_HIGH])) {
      ring[p + F_HIGH] = Double.doubleToRawLongBits(price);
    }
    if (price < Double.longBitsToDouble(ring[p + F_LOW])) {
      ring[p + F_LOW] = Double.doubleToRawLongBits(price);
    }
    if (newest) {
      // An out-of-order tick widens the range but does not become the close.
      ring[p + F_CLOSE] = Double.doubleToRawLongBits(price);
      ring[p + F_OI] = oi;
    }
    if (volumeIsTotal) {
      ring[p + F_VOLUME] = Math.max(ring[p + F_VOLUME], volume);
    } else {
      ring[p + F_VOLUME] += volume;
    }
    long ticks = (ring[p + F_META] & TICK_MASK) + 1;
    ring[p + F_META] = (v << TICK_BITS) | Math.min(ticks, TICK_MASK);
  }

  /**
   * Copies up to {@code max} newest candles of one instrument and interval, oldest first, into
   * {@code out}; only candles changed after {@code sinceVersion} when it is positive.
   *
   * @param nowSeconds the time that decides whether the newest candle is complete
   * @return how many candles were copied
   */
  public int copy(int idx, Interval interval, int max, long sinceVersion, long nowSeconds, CandleColumns out) {
    lock.lock();
    try {
      return copyLocked(idx, interval, max, sinceVersion, nowSeconds, out);
    } finally {
      lock.unlock();
    }
  }

  int copyLocked(int idx, Interval interval, int max, long sinceVersion, long nowSeconds, CandleColumns out) {
    int k = interval.ordinal();
    int hk = idx * INTERVALS + k;
    int cap = capacity[k];
    long[] ring = rings[k];
    int h = head[hk];
    int stored = used[hk];
    // 2m-60m: the live minute is not rolled in yet; merge it into the newest candle or add it as one.
    long[] live = null;
    int lp = 0;
    boolean liveIsNewCandle = false;
    int m1 = idx * INTERVALS + M1;
    if (k != M1 && k != DAY && used[m1] > 0) {
      live = rings[M1];
      lp = (idx * capacity[M1] + head[m1]) * STRIDE;
      long bucket = bucketOf(live[lp + F_START], k);
      liveIsNewCandle = stored == 0 || ring[(idx * cap + h) * STRIDE + F_START] < bucket;
      if (liveIsNewCandle) {
        System.arraycopy(live, lp, scratch, 0, STRIDE);
        scratch[F_START] = bucket;
      } else {
        System.arraycopy(ring, (idx * cap + h) * STRIDE, scratch, 0, STRIDE);
        mergeCandle(scratch, 0, live, lp);
      }
    }
    int total = stored + (liveIsNewCandle ? 1 : 0);
    int count = Math.min(Math.min(total, max), cap);
    out.clear(count);
    for (int j = count - 1; j >= 0; j--) {
      long[] src;
      int p;
      if (live != null && j == 0) {
        src = scratch;
        p = 0;
      } else {
        src = ring;
        p = (idx * cap + Math.floorMod(h - (liveIsNewCandle ? j - 1 : j), cap)) * STRIDE;
      }
      long meta = src[p + F_META];
      if (sinceVersion > 0 && (meta >>> TICK_BITS) <= sinceVersion) {
        continue;
      }
      long start = src[p + F_START];
      boolean complete = j > 0 || bucketEnd(interval, start) <= nowSeconds;
      out.add(start, Double.longBitsToDouble(src[p + F_OPEN]), Double.longBitsToDouble(src[p + F_HIGH]),
          Double.longBitsToDouble(src[p + F_LOW]), Double.longBitsToDouble(src[p + F_CLOSE]), src[p + F_VOLUME],
          src[p + F_OI], (int) (src[p + F_META] & TICK_MASK), complete);
    }
    return out.size();
  }

  /** End of a bucket: the next bucket's start, but never past the session close. */
  static long bucketEnd(Interval interval, long start) {
    if (interval == Interval.DAY) {
      return start + OPEN + SESSION;
    }
    long close = MarketClock.sessionOpen(start) + SESSION;
    long end = start + interval.seconds();
    return start < close ? Math.min(end, close) : end;
  }

  /** The newest candles as records, oldest first (for the query API). */
  public List<Candle> candles(int idx, Interval interval, int max, long nowSeconds) {
    CandleColumns columns = new CandleColumns(Math.min(max, capacity[interval.ordinal()]));
    copy(idx, interval, max, 0, nowSeconds, columns);
    return columns.toCandles();
  }

  public int capacity(Interval interval) {
    return capacity[interval.ordinal()];
  }

  /** The newest tick of an instrument, or null before the first. */
  public LatestTick latest(int idx) {
    lock.lock();
    try {
      int st = idx * STRIDE;
      if (state[st + S_MILLIS] == 0) {
        return null;
      }
      return new LatestTick(instruments[idx], Double.longBitsToDouble(state[st + S_PRICE]), state[st + S_CUM],
          state[st + S_OI], state[st + S_MILLIS]);
    } finally {
      lock.unlock();
    }
  }

  /** The newest tick of an instrument. */
  public record LatestTick(Instrument instrument, double price, long cumulativeVolume, long oi, long epochMillis) {}

  /**
   * "Now" as the store sees it: the newest tick time, moved on by the wall time since its batch
   * arrived. It follows the simulator's session clock as well as the real one, and still completes
   * the last candle after the feed goes quiet. Before any live batch it is the wall clock.
   */
  public long nowSeconds(long wallMillis) {
    lock.lock();
    try {
      if (lastBatchWallMillis == 0) {
        return newestTickMillis > 0 ? Math.max(newestTickMillis, wallMillis) / 1000 : wallMillis / 1000;
      }
      return (newestTickMillis + Math.max(0, wallMillis - lastBatchWallMillis)) / 1000;
    } finally {
      lock.unlock();
    }
  }

  /** The version of the newest applied batch. */
  public long version() {
    lock.lock();
    try {
      return version;
    } finally {
      lock.unlock();
    }
  }

  public CandleStoreStats stats() {
    lock.lock();
    try {
      return new CandleStoreStats(instruments.length, instrumentsWithTicks, ticksProcessed, rejected.clone(),
          newestTickMillis, candlesCreated, candlesCompleted, version, lastBatchWallMillis);
    } finally {
      lock.unlock();
    }
  }

  // ----- checkpoint support (see StoreCheckpoint); callers hold the lock -----

  /** Back to the state of a new store (before seeding it from a snapshot); rejection counters are kept. */
  void clearLocked() {
    java.util.Arrays.fill(head, 0);
    java.util.Arrays.fill(used, 0);
    java.util.Arrays.fill(state, 0);
    for (int i = 0; i < instruments.length; i++) {
      state[i * STRIDE + S_CUM] = -1;
      state[i * STRIDE + S_CUM_DAY] = Long.MIN_VALUE;
    }
    ticksProcessed = 0;
    instrumentsWithTicks = 0;
    newestTickMillis = 0;
    candlesCreated = 0;
    candlesCompleted = 0;
  }

  int[] capacities() {
    return capacity;
  }

  long[] ring(int k) {
    return rings[k];
  }

  int[] heads() {
    return head;
  }

  int[] used() {
    return used;
  }

  /** Per-instrument state, {@code STRIDE} longs each (see {@link #S_MILLIS} and friends). */
  long[] instrumentState() {
    return state;
  }

  long[] rejectedCounters() {
    return rejected;
  }

  void restoreCounters(long version, long ticksProcessed, int instrumentsWithTicks, long newestTickMillis,
      long candlesCreated, long candlesCompleted) {
    this.version = version;
    this.ticksProcessed = ticksProcessed;
    this.instrumentsWithTicks = instrumentsWithTicks;
    this.newestTickMillis = newestTickMillis;
    this.candlesCreated = candlesCreated;
    this.candlesCompleted = candlesCompleted;
  }

  /** See {@link #replayFloor}; called by a checkpoint load, under the lock. */
  void restoreReplayFloors(long[] floors, long countedThrough) {
    this.replayFloor = floors;
    this.countedThrough = countedThrough;
  }

  long ticksProcessedLocked() {
    return ticksProcessed;
  }

  int instrumentsWithTicksLocked() {
    return instrumentsWithTicks;
  }

  long newestTickMillisLocked() {
    return newestTickMillis;
  }

  long candlesCreatedLocked() {
    return candlesCreated;
  }

  long candlesCompletedLocked() {
    return candlesCompleted;
  }

  long versionLocked() {
    return version;
  }
}
