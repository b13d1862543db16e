package marketgate.workers.ticks.replay;

import java.time.Instant;

/**
 * One instrument of a {@code ticks.json} file (FORMATS.md): its day OHLCV as of {@code timestamp}.
 *
 * <p>A price of 0 means "not known": PKBrokers writes 0 for a low or open it has not seen, and an
 * entry always has at least one positive price.
 *
 * @param key the object key it was read under (the token as text)
 * @param volume the day's cumulative volume
 * @param lastUpdate as written in the file, or null
 */
public record TicksEntry(
    String key,
    int token,
    String symbol,
    long tickCount,
    Instant timestamp,
    double open,
    double high,
    double low,
    double close,
    long volume,
    long oi,
    String lastUpdate) {

  /** The close, or when that is not known the open, high or low (first one known). */
  public double lastPrice() {
    return close > 0 ? close : open > 0 ? open : high > 0 ? high : low;
  }
}
