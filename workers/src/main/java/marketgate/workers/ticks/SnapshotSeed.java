package marketgate.workers.ticks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import marketgate.shared.model.Interval;

/**
 * Seeds an empty candle store from a published full snapshot ({@code data/candles/latest.json.gz},
 * FORMATS.md): what a node that takes the ticks unit over after a failover starts from when the
 * failed node's journal and checkpoint are not on a shared volume.
 *
 * <p>The store's invariants are kept: 1m and day candles are restored as published; of the 2m-60m
 * candles the complete buckets are restored as published and the current bucket is rolled up again
 * from the restored 1m candles before the live minute (readers merge the live minute in, so taking
 * the published current bucket would count that minute twice). The day candle's volume is Kite's
 * cumulative day volume, so it becomes the instrument's cumulative baseline: the next tick books only
 * its increase, and a tick source that restarts its count lower books nothing rather than a spike.
 *
 * <p>What a failover loses is what the snapshot does not hold: ticks after the last publish, and
 * candles beyond {@code publish.candlesPerInterval} per interval.
 */
final class SnapshotSeed {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int INTERVALS = Interval.count();
  private static final int M1 = Interval.M1.ordinal();
  private static final int DAY = Interval.DAY.ordinal();
  private static final int TICK_BITS = 24;

  private SnapshotSeed() {}

  /** What was seeded. */
  record Result(int instruments, long candles, long newestMillis) {}

  /**
   * The newest candle time the snapshot holds for instruments the store knows (epoch millis of the
   * end of the newest minute), without touching the store: whether the snapshot is newer than what
   * the node recovered from its own journal.
   */
  static long newestMillis(CandleStore store, InputStream gzipped) throws IOException {
    long newest = 0;
    try (JsonParser parser = JSON.createParser(new GZIPInputStream(gzipped, 1 << 16))) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, "a snapshot is a JSON object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        parser.nextToken();
        Instrument entry = readInstrument(parser);
        if (entry.token != null && store.indexOf(entry.token) >= 0) {
          newest = Math.max(newest, lastTickBound(entry));
        }
      }
    }
    return newest;
  }

  /**
   * Loads a gzipped full snapshot into {@code store}, replacing what it held. Symbols the store does
   * not know are skipped. Throws IOException for a file that is not a snapshot (the store is then
   * left as it was only if the file fails before the first instrument).
   */
  static Result load(CandleStore store, InputStream gzipped) throws IOException {
    store.lock().lock();
    try (JsonParser parser = JSON.createParser(new GZIPInputStream(gzipped, 1 << 16))) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, "a snapshot is a JSON object");
      store.clearLocked();
      int instruments = 0;
      long candles = 0;
      long newest = 0;
      long version = store.versionLocked() + 1;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        parser.nextToken();
        Instrument entry = readInstrument(parser);
        int idx = entry.token == null ? -1 : store.indexOf(entry.token);
        if (idx < 0) {
          continue;
        }
        long seeded = restore(store, idx, entry, version);
        if (seeded > 0) {
          instruments++;
          candles += seeded;
          newest = Math.max(newest, store.instrumentState()[idx * CandleStore.STRIDE + CandleStore.S_MILLIS]);
        }
      }
      store.restoreCounters(version, store.ticksProcessedLocked(), instruments, newest,
          store.candlesCreatedLocked(), store.candlesCompletedLocked());
      return new Result(instruments, candles, newest);
    } finally {
      store.lock().unlock();
    }
  }

  /** One instrument's candles, per interval, oldest first, as the store's 8-long layout. */
  private static final class Instrument {
    Integer token;
    final List<List<long[]>> candles = new ArrayList<>();

    Instrument() {
      for (int k = 0; k < INTERVALS; k++) {
        candles.add(new ArrayList<>());
      }
    }
  }

  private static Instrument readInstrument(JsonParser parser) throws IOException {
    expect(parser.currentToken(), JsonToken.START_OBJECT, "each symbol maps to an object");
    Instrument entry = new Instrument();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("token") && value == JsonToken.VALUE_NUMBER_INT) {
        entry.token = parser.getIntValue();
      } else if (field.equals("candles") && value == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          Interval interval = intervalOrNull(parser.currentName());
          parser.nextToken();
          if (interval == null) {
            parser.skipChildren();
            continue;
          }
          readCandles(parser, entry.candles.get(interval.ordinal()));
        }
      } else {
        parser.skipChildren();
      }
    }
    return entry;
  }

  private static void readCandles(JsonParser parser, List<long[]> out) throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, "an interval maps to an array of candles");
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      long[] c = new long[CandleStore.STRIDE];
      double open = 0;
      double high = 0;
      double low = 0;
      double close = 0;
      long ticks = 1;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "timestamp" -> c[CandleStore.F_START] = parser.getLongValue();
          case "open" -> open = parser.getDoubleValue();
          case "high" -> high = parser.getDoubleValue();
          case "low" -> low = parser.getDoubleValue();
          case "close" -> close = parser.getDoubleValue();
          case "volume" -> c[CandleStore.F_VOLUME] = parser.getLongValue();
          case "oi" -> c[CandleStore.F_OI] = parser.getLongValue();
          case "tick_count" -> ticks = Math.max(1, parser.getLongValue());
          default -> parser.skipChildren();
        }
      }
      if (!(close > 0)) {
        continue;
      }
      c[CandleStore.F_OPEN] = Double.doubleToRawLongBits(open);
      c[CandleStore.F_HIGH] = Double.doubleToRawLongBits(high);
      c[CandleStore.F_LOW] = Double.doubleToRawLongBits(low);
      c[CandleStore.F_CLOSE] = Double.doubleToRawLongBits(close);
      c[CandleStore.F_META] = ticks;
      out.add(c);
    }
  }

  private static long restore(CandleStore store, int idx, Instrument entry, long version) {
    List<long[]> minutes = entry.candles.get(M1);
    List<long[]> days = entry.candles.get(DAY);
    if (minutes.isEmpty() && days.isEmpty()) {
      return 0;
    }
    long seeded = 0;
    long liveMinute = minutes.isEmpty() ? Long.MIN_VALUE : minutes.get(minutes.size() - 1)[CandleStore.F_START];
    for (int k = 0; k < INTERVALS; k++) {
      List<long[]> candles = entry.candles.get(k);
      if (k != M1 && k != DAY && liveMinute != Long.MIN_VALUE) {
        candles = withCurrentBucketRolledUp(store, k, candles, minutes, liveMinute);
      }
      seeded += write(store, idx, k, candles, version);
    }
    long[] newest = !minutes.isEmpty() ? minutes.get(minutes.size() - 1) : days.get(days.size() - 1);
    int st = idx * CandleStore.STRIDE;
    long[] state = store.instrumentState();
    state[st + CandleStore.S_MILLIS] = lastTickBound(entry);
    state[st + CandleStore.S_PRICE] = newest[CandleStore.F_CLOSE];
    state[st + CandleStore.S_OI] = newest[CandleStore.F_OI];
    if (!days.isEmpty()) {
      long[] day = days.get(days.size() - 1);
      state[st + CandleStore.S_CUM] = day[CandleStore.F_VOLUME];
      state[st + CandleStore.S_CUM_DAY] = Math.floorDiv(day[CandleStore.F_START] + marketgate.shared.time.MarketClock.IST_OFFSET_SECONDS, 86_400);
    }
    return seeded;
  }

  /** The snapshot does not carry the last tick's exact time: the end of its newest minute is the closest bound. */
  private static long lastTickBound(Instrument entry) {
    List<long[]> minutes = entry.candles.get(M1);
    if (!minutes.isEmpty()) {
      return (minutes.get(minutes.size() - 1)[CandleStore.F_START] + 59) * 1000;
    }
    List<long[]> days = entry.candles.get(DAY);
    return days.isEmpty() ? 0 : days.get(days.size() - 1)[CandleStore.F_START] * 1000;
  }

  /** The published complete buckets of interval k, then its current bucket rebuilt from the 1m candles before the live minute. */
  private static List<long[]> withCurrentBucketRolledUp(CandleStore store, int k, List<long[]> published,
      List<long[]> minutes, long liveMinute) {
    long current = store.bucketOf(liveMinute, k);
    List<long[]> out = new ArrayList<>();
    for (long[] c : published) {
      if (c[CandleStore.F_START] < current) {
        out.add(c);
      }
    }
    long[] rolled = null;
    for (long[] m : minutes) {
      long start = m[CandleStore.F_START];
      if (start < current || start >= liveMinute) {
        continue;
      }
      if (rolled == null) {
        rolled = m.clone();
        rolled[CandleStore.F_START] = current;
      } else {
        CandleStore.mergeCandle(rolled, 0, m, 0);
      }
    }
    if (rolled != null) {
      out.add(rolled);
    }
    return out;
  }

  /** Writes candles (oldest first) into an empty ring, keeping the newest that fit. */
  private static long write(CandleStore store, int idx, int k, List<long[]> candles, long version) {
    int cap = store.capacities()[k];
    int keep = Math.min(candles.size(), cap);
    if (keep == 0) {
      return 0;
    }
    long[] ring = store.ring(k);
    int from = candles.size() - keep;
    for (int j = 0; j < keep; j++) {
      long[] c = candles.get(from + j);
      int p = (idx * cap + j) * CandleStore.STRIDE;
      System.arraycopy(c, 0, ring, p, CandleStore.STRIDE);
      ring[p + CandleStore.F_META] = (version << TICK_BITS) | (c[CandleStore.F_META] & ((1L << TICK_BITS) - 1));
    }
    int hk = idx * INTERVALS + k;
    store.used()[hk] = keep;
    store.heads()[hk] = keep - 1;
    return keep;
  }

  private static Interval intervalOrNull(String label) {
    try {
      return Interval.parse(label);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
    if (actual != expected) {
      throw new IOException("not a candles snapshot: " + what + " (found " + actual + ")");
    }
  }
}
