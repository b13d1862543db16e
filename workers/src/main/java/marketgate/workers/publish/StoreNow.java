package marketgate.workers.publish;

import marketgate.workers.ticks.CandleStore;

/**
 * "Now" as the candle store sees it: the newest tick time, moved on by the wall time since that
 * tick was first seen. It follows the simulator's session clock as well as the real one and still
 * completes the last candle when the feed goes quiet (same rule as the ticks verticle).
 */
final class StoreNow {
  private final CandleStore store;
  private long newestTickMillis;
  private long seenAtWallMillis;

  StoreNow(CandleStore store) {
    this.store = store;
  }

  synchronized long seconds(long wallMillis) {
    long newest = store.stats().lastTickMillis();
    if (newest == 0) {
      return wallMillis / 1000;
    }
    if (newest != newestTickMillis) {
      newestTickMillis = newest;
      seenAtWallMillis = wallMillis;
    }
    return (newest + Math.max(0, wallMillis - seenAtWallMillis)) / 1000;
  }

  /** The store's counters, among them the newest tick and when its batch arrived. */
  marketgate.workers.ticks.CandleStoreStats stats() {
    return store.stats();
  }
}
