package marketgate.workers.scans;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Today's OHLCV of one symbol as the ticks engine reports it during market hours. */
public record DayCandle(double open, double high, double low, double close, double volume) {

  /** The candle of {@code {"open","high","low","close","volume"}}, empty when a field is missing or absurd. */
  public static Optional<DayCandle> fromJson(JsonObject o) {
    if (o == null) {
      return Optional.empty();
    }
    Double[] v = new Double[5];
    String[] keys = {"open", "high", "low", "close", "volume"};
    for (int i = 0; i < keys.length; i++) {
      Object value = o.getValue(keys[i]);
      if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
        return Optional.empty();
      }
      v[i] = n.doubleValue();
    }
    if (v[1] < v[2] || v[3] <= 0) {
      return Optional.empty();
    }
    return Optional.of(new DayCandle(v[0], v[1], v[2], v[3], v[4]));
  }
}
