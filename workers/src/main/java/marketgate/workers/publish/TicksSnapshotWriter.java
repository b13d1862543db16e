package marketgate.workers.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;
import marketgate.shared.model.Interval;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleColumns;
import marketgate.workers.ticks.CandleStore;

/**
 * Streams {@code ticks_latest.json.gz} in the ticks.json shape of FORMATS.md: per instrument token
 * the newest tick with the day's OHLCV, so the same file can be replayed or imported later.
 */
final class TicksSnapshotWriter {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final CandleStore store;
  private final JsonOutput numbers = new JsonOutput();
  private final CandleColumns day = new CandleColumns(1);

  TicksSnapshotWriter(CandleStore store) {
    this.store = store;
  }

  /** Writes the gzipped file to {@code out} (not closed); returns the number of instruments. */
  int writeGzip(OutputStream out, long nowSeconds) throws IOException {
    GZIPOutputStream gzip = JsonOutput.gzip(out);
    int count = 0;
    try (JsonGenerator gen = JsonOutput.generator(gzip)) {
      gen.writeStartObject();
      for (int i = 0, n = store.instrumentCount(); i < n; i++) {
        if (instrument(gen, i, nowSeconds)) {
          count++;
        }
      }
      gen.writeEndObject();
    }
    gzip.finish();
    return count;
  }

  private boolean instrument(JsonGenerator gen, int idx, long nowSeconds) throws IOException {
    CandleStore.LatestTick tick = store.latest(idx);
    if (tick == null) {
      return false;
    }
    boolean hasDay = store.copy(idx, Interval.DAY, 1, 0, nowSeconds, day) == 1;
    String time = ISO.format(MarketClock.ist(Instant.ofEpochMilli(tick.epochMillis())));
    gen.writeFieldName(Integer.toString(tick.instrument().token()));
    gen.writeStartObject();
    gen.writeNumberField("instrument_token", tick.instrument().token());
    gen.writeStringField("trading_symbol", tick.instrument().symbol());
    gen.writeNumberField("tick_count", hasDay ? day.tickCount(0) : 1);
    gen.writeFieldName("ohlcv");
    gen.writeStartObject();
    gen.writeStringField("timestamp", time);
    price(gen, "open", hasDay ? day.open(0) : tick.price());
    price(gen, "high", hasDay ? day.high(0) : tick.price());
    price(gen, "low", hasDay ? day.low(0) : tick.price());
    price(gen, "close", tick.price());
    gen.writeNumberField("volume", hasDay ? day.volume(0) : Math.max(0, tick.cumulativeVolume()));
    gen.writeNumberField("oi", tick.oi());
    gen.writeEndObject();
    gen.writeStringField("last_update", time);
    gen.writeEndObject();
    return true;
  }

  private void price(JsonGenerator gen, String name, double value) throws IOException {
    gen.writeFieldName(name);
    numbers.price(gen, value);
  }
}
