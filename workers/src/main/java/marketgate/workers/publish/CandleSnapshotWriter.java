package marketgate.workers.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Interval;
import marketgate.workers.ticks.CandleColumns;
import marketgate.workers.ticks.CandleStore;

/**
 * Streams the candles snapshot of FORMATS.md ({@code {"SYM": {"token", "symbol", "candles":
 * {"1m": [...], ..., "day": [...]}, "day_ohlcv": {...}}}}) as gzipped JSON.
 *
 * <p>The store is read one instrument and interval at a time into a reused {@link CandleColumns},
 * so memory stays at one ring's worth whatever the universe size, and the store's lock is held
 * only for one short copy at a time (ticks keep flowing while a snapshot is written).
 *
 * <p>With {@code sinceVersion > 0} only candles changed after that store version are written
 * (an incremental file); instruments and intervals without changes are left out.
 */
public final class CandleSnapshotWriter {
  private static final Interval[] INTERVALS = Interval.all();

  private final CandleStore store;
  private final int candlesPerInterval;
  private final JsonOutput numbers = new JsonOutput();
  private final CandleColumns columns;
  private final CandleColumns day = new CandleColumns(1);

  public CandleSnapshotWriter(CandleStore store, int candlesPerInterval) {
    this.store = store;
    this.candlesPerInterval = candlesPerInterval;
    this.columns = new CandleColumns(candlesPerInterval);
  }

  /** What one file holds. */
  public record Counts(int instruments, long candles) {}

  /** Writes the gzipped snapshot to {@code out} (not closed). */
  public Counts writeGzip(OutputStream out, long sinceVersion, long nowSeconds) throws IOException {
    GZIPOutputStream gzip = JsonOutput.gzip(out);
    Counts counts = write(gzip, sinceVersion, nowSeconds);
    gzip.finish();
    return counts;
  }

  /** Writes plain JSON to {@code out} (not closed). */
  public Counts write(OutputStream out, long sinceVersion, long nowSeconds) throws IOException {
    int instruments = 0;
    long candles = 0;
    try (JsonGenerator gen = JsonOutput.generator(out)) {
      gen.writeStartObject();
      for (int i = 0, n = store.instrumentCount(); i < n; i++) {
        long written = instrument(gen, i, sinceVersion, nowSeconds);
        if (written >= 0) {
          instruments++;
          candles += written;
        }
      }
      gen.writeEndObject();
    }
    return new Counts(instruments, candles);
  }

  /**
   * Writes one instrument's entry if it has (changed) candles; returns how many candles, or -1 when it has none to write. A full
   * file lists every interval of an instrument with ticks (empty arrays included, a stable shape);
   * an incremental one only the intervals that changed.
   */
  private long instrument(JsonGenerator gen, int idx, long sinceVersion, long nowSeconds) throws IOException {
    boolean full = sinceVersion <= 0;
    if (full && store.latest(idx) == null) {
      return -1;
    }
    boolean started = false;
    long written = 0;
    for (Interval interval : INTERVALS) {
      int count = store.copy(idx, interval, candlesPerInterval, sinceVersion, nowSeconds, columns);
      if (count == 0 && !full) {
        continue;
      }
      if (!started) {
        startInstrument(gen, store.instrument(idx));
        started = true;
      }
      gen.writeFieldName(interval.label());
      gen.writeStartArray();
      for (int c = 0; c < count; c++) {
        candle(gen, c);
      }
      gen.writeEndArray();
      written += count;
    }
    if (!started) {
      return -1;
    }
    gen.writeEndObject();
    if (store.copy(idx, Interval.DAY, 1, sinceVersion, nowSeconds, day) == 1) {
      gen.writeFieldName("day_ohlcv");
      gen.writeStartObject();
      gen.writeNumberField("timestamp", day.start(0));
      priceField(gen, "open", day.open(0));
      priceField(gen, "high", day.high(0));
      priceField(gen, "low", day.low(0));
      priceField(gen, "close", day.close(0));
      gen.writeNumberField("volume", day.volume(0));
      gen.writeNumberField("oi", day.oi(0));
      gen.writeEndObject();
    }
    gen.writeEndObject();
    return written;
  }

  private void startInstrument(JsonGenerator gen, Instrument instrument) throws IOException {
    gen.writeFieldName(instrument.symbol());
    gen.writeStartObject();
    gen.writeNumberField("token", instrument.token());
    gen.writeStringField("symbol", instrument.symbol());
    gen.writeFieldName("candles");
    gen.writeStartObject();
  }

  private void candle(JsonGenerator gen, int c) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("timestamp", columns.start(c));
    priceField(gen, "open", columns.open(c));
    priceField(gen, "high", columns.high(c));
    priceField(gen, "low", columns.low(c));
    priceField(gen, "close", columns.close(c));
    gen.writeNumberField("volume", columns.volume(c));
    gen.writeNumberField("oi", columns.oi(c));
    gen.writeNumberField("tick_count", columns.tickCount(c));
    gen.writeBooleanField("is_complete", columns.complete(c));
    gen.writeEndObject();
  }

  private void priceField(JsonGenerator gen, String name, double value) throws IOException {
    gen.writeFieldName(name);
    numbers.price(gen, value);
  }
}
