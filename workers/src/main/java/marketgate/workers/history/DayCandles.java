package marketgate.workers.history;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A closed trading day's candles of every symbol, and where they came from (for the logs). */
record DayCandles(LocalDate day, String source, List<DailyBar> bars) {
  static DayCandles none(LocalDate day) {
    return new DayCandles(day, "nothing", List.of());
  }

  boolean isEmpty() {
    return bars.isEmpty();
  }

  /** The {@code history.rollup.day} reply: one compact array per symbol. */
  JsonObject toJson() {
    JsonArray rows = new JsonArray(new ArrayList<>(bars.size()));
    for (DailyBar b : bars) {
      rows.add(new JsonArray(List.of(b.symbol(), b.open(), b.high(), b.low(), b.close(), b.volume())));
    }
    return new JsonObject().put("date", day.toString()).put("source", source).put("bars", rows);
  }

  /** Reads a reply; a row that is not [symbol, o, h, l, c, v] fails the whole reply. */
  static DayCandles fromJson(JsonObject json) {
    LocalDate day = LocalDate.parse(json.getString("date"));
    JsonArray rows = json.getJsonArray("bars", new JsonArray());
    List<DailyBar> bars = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonArray r = rows.getJsonArray(i);
      if (r.size() != 6) {
        throw new IllegalArgumentException("a day candle row has " + r.size() + " fields, not 6: " + r.encode());
      }
      bars.add(new DailyBar(r.getString(0), day, r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4),
          r.getDouble(5)));
    }
    return new DayCandles(day, json.getString("source", "the rollup node"), bars);
  }
}
