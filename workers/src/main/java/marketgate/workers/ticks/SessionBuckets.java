package marketgate.workers.ticks;

import marketgate.shared.model.Interval;
import marketgate.shared.time.MarketClock;

/**
 * Bucket offsets of every session minute for every intraday interval, computed once, so the hot
 * path does a table lookup instead of nine divisions per tick. Offsets count seconds from 09:15
 * IST, the anchor Kite uses for historical candles.
 */
final class SessionBuckets {
  static final int INTRADAY = Interval.count() - 1;
  static final int SESSION_MINUTES = MarketClock.SESSION_SECONDS / 60;

  private final int[] offsets = new int[SESSION_MINUTES * INTRADAY];

  SessionBuckets() {
    for (int minute = 0; minute < SESSION_MINUTES; minute++) {
      for (int k = 0; k < INTRADAY; k++) {
        int length = Interval.byOrdinal(k).seconds();
        offsets[minute * INTRADAY + k] = (minute * 60 / length) * length;
      }
    }
  }

  /** Seconds from 09:15 to the start of the bucket of interval {@code k} holding session minute m. */
  int offset(int minute, int k) {
    return offsets[minute * INTRADAY + k];
  }
}
