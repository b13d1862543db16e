package marketgate.workers.ticks.replay;

import marketgate.shared.model.TickBatch;

/**
 * Turns an entry's day OHLC into the few ticks that reproduce it: open, then low and high (low
 * first on an up day, high first on a down day, the likelier path), then close at the entry's
 * timestamp. Prices that are not known (0) are left out and repeated prices collapse, so a flat
 * entry is one tick. Only the last tick carries the cumulative volume, so the candle engine books
 * the day's volume once.
 *
 * <p>The ticks sit up to a second apart before the timestamp but never cross back into the
 * previous minute, so they land in the entry's own 1-minute bucket (IST is a whole number of
 * minutes from UTC, so an epoch-minute boundary is an IST one).
 */
public final class OhlcTicks {
  public static final int MAX_TICKS = 4;
  private static final long SPACING_MILLIS = 1000;

  private OhlcTicks() {}

  /** Appends the entry's ticks to the batch; returns how many (at least 1 for a read entry). */
  public static int append(TicksEntry entry, TickBatch out) {
    double[] path = entry.close() >= entry.open()
        ? new double[] {entry.open(), entry.low(), entry.high(), entry.close()}
        : new double[] {entry.open(), entry.high(), entry.low(), entry.close()};
    double[] prices = new double[MAX_TICKS];
    int n = 0;
    for (double price : path) {
      if (price > 0 && (n == 0 || prices[n - 1] != price)) {
        prices[n++] = price;
      }
    }
    long close = entry.timestamp().toEpochMilli();
    long intoMinute = Math.floorMod(close, 60_000L);
    long spacing = n <= 1 ? 0 : Math.min(SPACING_MILLIS, intoMinute / (n - 1));
    for (int i = 0; i < n; i++) {
      boolean last = i == n - 1;
      out.add(entry.token(), prices[i], last ? entry.volume() : TickBatch.NO_VOLUME, entry.oi(),
          close - (n - 1 - i) * spacing);
    }
    return n;
  }
}
