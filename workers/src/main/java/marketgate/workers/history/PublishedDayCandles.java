package marketgate.workers.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;

/**
 * A past day's day candles read back from the published candle snapshots ({@code FORMATS.md}):
 * {@code data/candles/latest.json.gz} (the newest full snapshot, which keeps the last days' day
 * candles) and, when that no longer has the day, the day's own dated files, newest first. For each
 * symbol the newest publish wins. Blocking (file IO, gzip): call it off the event loop.
 */
final class PublishedDayCandles {
  static final String LATEST = "data/candles/latest.json.gz";
  private static final JsonFactory JSON = new JsonFactory();

  private final DataStore store;

  PublishedDayCandles(DataStore store) {
    this.store = store;
  }

  /** The day's bars, by symbol; empty when nothing published holds that day. */
  Map<String, DailyBar> read(LocalDate day) throws IOException {
    long midnight = MarketClock.sessionOpen(day) - MarketClock.OPEN_SECOND_OF_DAY;
    Map<String, DailyBar> bars = new LinkedHashMap<>();
    readFile(LATEST, day, midnight, bars);
    if (!bars.isEmpty()) {
      return bars;
    }
    String folder = "data/candles/" + day;
    List<String> names = new ArrayList<>(store.list(folder));
    Collections.sort(names, Collections.reverseOrder());
    for (String name : names) {
      if (name.endsWith(".json.gz")) {
        readFile(folder + "/" + name, day, midnight, bars);
      }
    }
    return bars;
  }

  private void readFile(String path, LocalDate day, long midnight, Map<String, DailyBar> bars) throws IOException {
    if (!store.exists(path)) {
      return;
    }
    try (InputStream in = new GZIPInputStream(java.nio.file.Files.newInputStream(store.resolve(path)), 1 << 16);
        JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(path + " is not a candle snapshot");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String symbol = p.currentName();
        p.nextToken();
        DailyBar bar = instrument(p, symbol, day, midnight);
        if (bar != null) {
          bars.putIfAbsent(symbol, bar);
        }
      }
    }
  }

  /** Reads one instrument's object; returns its candle of the day, if it has one. */
  private static DailyBar instrument(JsonParser p, String symbol, LocalDate day, long midnight) throws IOException {
    DailyBar found = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (!field.equals("candles") || p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String interval = p.currentName();
        p.nextToken();
        if (!interval.equals("day")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          DailyBar bar = candle(p, symbol, day, midnight);
          found = bar != null ? bar : found;
        }
      }
    }
    return found;
  }

  private static DailyBar candle(JsonParser p, String symbol, LocalDate day, long midnight) throws IOException {
    long timestamp = -1;
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    double volume = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "timestamp" -> timestamp = p.getLongValue();
        case "open" -> open = number(p);
        case "high" -> high = number(p);
        case "low" -> low = number(p);
        case "close" -> close = number(p);
        case "volume" -> volume = number(p);
        default -> p.skipChildren();
      }
    }
    boolean whole = !Double.isNaN(open + high + low + close);
    return timestamp == midnight && whole ? new DailyBar(symbol, day, open, high, low, close, Double.isNaN(volume) ? 0 : volume) : null;
  }

  /** A price the publisher could not give is written as null. */
  private static double number(JsonParser p) throws IOException {
    return p.currentToken().isNumeric() ? p.getDoubleValue() : Double.NaN;
  }
}
