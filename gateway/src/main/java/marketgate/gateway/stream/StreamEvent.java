package marketgate.gateway.stream;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import marketgate.shared.model.Interval;

/**
 * One event of a gateway's stream: an id (increasing per gateway), a type and its data. Candle
 * events carry every changed series; each client gets the part its filter asks for.
 */
final class StreamEvent {
  static final String CANDLES = "candles";
  static final String SNAPSHOT = "snapshot";
  static final String ALERT = "alert";
  /** Rough bytes a candle costs held in the ring (its JSON objects), for the ring's byte bound. */
  private static final int BYTES_PER_CANDLE = 400;

  final long id;
  final String type;
  final JsonObject data;
  final int weight;
  private volatile String encoded;

  StreamEvent(long id, String type, JsonObject data) {
    this.id = id;
    this.type = type;
    this.data = data;
    this.weight = estimate(type, data);
  }

  private static int estimate(String type, JsonObject data) {
    if (!CANDLES.equals(type)) {
      return 256 + data.size() * 64;
    }
    int candles = 0;
    JsonObject all = data.getJsonObject("candles", new JsonObject());
    for (Map.Entry<String, Object> symbol : all) {
      if (symbol.getValue() instanceof JsonObject series) {
        candles += series.size();
      }
    }
    return 256 + candles * BYTES_PER_CANDLE;
  }

  /** The SSE frame of this event for a client, or null when nothing of it matches the filter. */
  String frame(StreamFilter filter) {
    if (!filter.wants(type)) {
      return null;
    }
    String json;
    if (!CANDLES.equals(type) || filter.allSymbols() && filter.allIntervals()) {
      json = encoded();
    } else {
      JsonObject part = part(filter);
      if (part == null) {
        return null;
      }
      json = part.encode();
    }
    return "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n";
  }

  private String encoded() {
    String e = encoded;
    if (e == null) {
      e = data.encode();
      encoded = e;
    }
    return e;
  }

  private JsonObject part(StreamFilter filter) {
    JsonObject all = data.getJsonObject("candles", new JsonObject());
    JsonObject picked = new JsonObject();
    Iterable<String> symbols = filter.allSymbols() ? all.fieldNames() : filter.symbols();
    for (String symbol : symbols) {
      JsonObject series = all.getJsonObject(symbol);
      if (series == null) {
        continue;
      }
      if (filter.allIntervals()) {
        picked.put(symbol, series);
        continue;
      }
      JsonObject some = new JsonObject();
      for (Interval interval : filter.intervals()) {
        Object candle = series.getValue(interval.label());
        if (candle != null) {
          some.put(interval.label(), candle);
        }
      }
      if (!some.isEmpty()) {
        picked.put(symbol, some);
      }
    }
    if (picked.isEmpty()) {
      return null;
    }
    return new JsonObject().put("version", data.getValue("version")).put("time", data.getValue("time"))
        .put("candles", picked);
  }
}
