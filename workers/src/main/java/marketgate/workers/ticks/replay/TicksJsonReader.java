package marketgate.workers.ticks.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import marketgate.workers.ticks.replay.TicksFile.BadEntry;

/**
 * Streams a {@code ticks.json} file (FORMATS.md): an object keyed by instrument token, each value
 * {@code {"instrument_token", "trading_symbol", "tick_count", "ohlcv": {"timestamp", "open", "high",
 * "low", "close", "volume", "oi"}, "last_update"}}. Token by token with Jackson's streaming parser
 * (real files reach tens of MB), unknown fields skipped. An entry that is not usable is reported
 * with its key and reason and the rest goes on; only a file that is not JSON, not an object, or
 * cut short fails as a whole.
 */
public final class TicksJsonReader {
  /** Timestamps without an offset are read as IST, the zone every Kite time is in. */
  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  private static final JsonFactory JSON = new JsonFactory();

  private TicksJsonReader() {}

  public static TicksFile read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** Reads a whole file into memory as entries (a few hundred bytes each). */
  public static TicksFile read(InputStream in, String source) throws IOException {
    List<TicksEntry> entries = new ArrayList<>();
    List<BadEntry> bad = new ArrayList<>();
    stream(in, source, entries::add, bad::add);
    return new TicksFile(source, entries, bad);
  }

  /**
   * Hands each good entry to {@code onEntry} and each skipped one to {@code onBad} as it is read.
   *
   * @throws TicksFileException when the file is not JSON, not an object, or ends early (entries
   *     before the fault have been handed over)
   */
  public static void stream(InputStream in, String source, Consumer<TicksEntry> onEntry, Consumer<BadEntry> onBad)
      throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      JsonToken token = p.nextToken();
      if (token != JsonToken.START_OBJECT) {
        throw new TicksFileException(source + ": not a ticks.json file: expected an object keyed by instrument "
            + "token, found " + (token == null ? "nothing" : token.asString() == null ? token : token.asString()), null);
      }
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        EntryReader entry = new EntryReader(key);
        entry.read(p);
        if (entry.problem == null) {
          onEntry.accept(entry.toEntry());
        } else {
          onBad.accept(new BadEntry(key, entry.problem));
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new TicksFileException(source + ": ticks.json ends early" + at(p.currentLocation()), null);
      }
    } catch (JsonProcessingException e) {
      throw new TicksFileException(source + ": not valid JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
    }
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Reads one entry's value; keeps the first problem but consumes the whole value either way. */
  private static final class EntryReader {
    final String key;
    String problem;
    Integer token;
    String symbol;
    long tickCount;
    String lastUpdate;
    Instant timestamp;
    double open;
    double high;
    double low;
    double close;
    long volume;
    long oi;

    EntryReader(String key) {
      this.key = key;
    }

    void read(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        fail("value is not an object");
        p.skipChildren();
        return;
      }
      boolean sawOhlcv = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "instrument_token" -> token = (int) wholeNumber(p, field, Integer.MAX_VALUE);
          case "trading_symbol" -> symbol = text(p, field);
          case "tick_count" -> tickCount = p.currentToken() == JsonToken.VALUE_NULL ? 0 : wholeNumber(p, field, Long.MAX_VALUE);
          case "last_update" -> lastUpdate = p.currentToken() == JsonToken.VALUE_NULL ? null : text(p, field);
          case "ohlcv" -> {
            sawOhlcv = true;
            readOhlcv(p);
          }
          default -> p.skipChildren();
        }
      }
      if (!sawOhlcv) {
        fail("no ohlcv");
      }
      check();
    }

    private void readOhlcv(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        fail("ohlcv is not an object");
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        String name = "ohlcv." + field;
        switch (field) {
          case "timestamp" -> timestamp = time(text(p, name), name);
          case "open" -> open = price(p, name);
          case "high" -> high = price(p, name);
          case "low" -> low = price(p, name);
          case "close" -> close = price(p, name);
          // PKBrokers writes "oi": null for instruments without open interest
          case "volume" -> volume = p.currentToken() == JsonToken.VALUE_NULL ? 0 : wholeNumber(p, name, Long.MAX_VALUE);
          case "oi" -> oi = p.currentToken() == JsonToken.VALUE_NULL ? 0 : wholeNumber(p, name, Long.MAX_VALUE);
          default -> p.skipChildren();
        }
      }
    }

    private void check() {
      if (token == null) {
        if (key.matches("\\d{1,10}")) {
          token = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(key));
        } else {
          fail("no instrument_token and the key is not a token");
        }
      } else if (!key.equals(String.valueOf(token))) {
        fail("key differs from instrument_token " + token);
      }
      if (symbol == null || symbol.isBlank()) {
        fail("no trading_symbol");
      }
      if (timestamp == null) {
        fail("no ohlcv.timestamp");
      }
      if (open == 0 && high == 0 && low == 0 && close == 0) {
        fail("ohlcv has no price");
      } else if (!brackets(low, high, open) || !brackets(low, high, close)) {
        fail("ohlcv is inconsistent: low " + low + ", high " + high + " must bracket open " + open + " and close "
            + close);
      }
    }

    /** Zero means "not known" (PKBrokers writes 0 before it has seen a price), so it bounds nothing. */
    private static boolean brackets(double low, double high, double price) {
      return price == 0 || (low == 0 || low <= price) && (high == 0 || price <= high);
    }

    TicksEntry toEntry() {
      return new TicksEntry(key, token, symbol, tickCount, timestamp, open, high, low, close, volume, oi, lastUpdate);
    }

    private void fail(String reason) {
      if (problem == null) {
        problem = reason;
      }
    }

    private String text(JsonParser p, String field) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        fail(field + " must be a string, got " + describe(p));
        p.skipChildren();
        return null;
      }
      return p.getText();
    }

    private long wholeNumber(JsonParser p, String field, long max) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        fail(field + " must be a whole number, got " + describe(p));
        p.skipChildren();
        return 0;
      }
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0 || p.getLongValue() > max) {
        fail(field + " is out of range: " + p.getText());
        return 0;
      }
      return p.getLongValue();
    }

    /** A price; null or 0 means not known (real files carry both). */
    private double price(JsonParser p, String field) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NULL) {
        return 0;
      }
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        fail(field + " must be a number, got " + describe(p));
        p.skipChildren();
        return 0;
      }
      double value = p.getDoubleValue();
      if (!(value >= 0) || Double.isInfinite(value)) {
        fail(field + " must not be negative, got " + p.getText());
        return 0;
      }
      return value;
    }

    private Instant time(String text, String field) {
      if (text == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException withOffset) {
        try {
          return LocalDateTime.parse(text).atZone(IST).toInstant();
        } catch (DateTimeParseException e) {
          fail(field + " is not an ISO-8601 time: " + text);
          return null;
        }
      }
    }

    private static String describe(JsonParser p) throws IOException {
      JsonToken t = p.currentToken();
      return switch (t) {
        case VALUE_STRING -> '"' + abbreviate(p.getText()) + '"';
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        default -> p.getText();
      };
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
  }
}
