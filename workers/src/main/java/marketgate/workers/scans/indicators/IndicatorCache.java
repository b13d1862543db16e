package marketgate.workers.scans.indicators;

import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import marketgate.shared.model.DailySeries;

/**
 * Indicator sets of the current data date, one per symbol, shared by concurrent scans.
 *
 * <p>A symbol is computed once: the first scan that misses puts an incomplete future in the map
 * (under the map's per-key lock, which is held only for that put) and computes outside the lock;
 * every other scan waits on the same future. An entry remembers a fingerprint of the newest row,
 * so a series whose live day candle moved is recomputed, and the whole cache is dropped when the
 * data date changes.
 */
public final class IndicatorCache {
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongAdder computations = new LongAdder();
  private volatile LocalDate dataDate;

  private record Entry(Fingerprint fingerprint, CompletableFuture<IndicatorSet> future) {}

  /** What identifies the data an indicator set was computed from, cheaply. */
  private record Fingerprint(int rows, int firstDay, int lastDay, double open, double high, double low,
      double close, double volume) {
    static Fingerprint of(DailySeries s) {
      int t = s.size() - 1;
      if (t < 0) {
        return new Fingerprint(0, 0, 0, 0, 0, 0, 0, 0);
      }
      return new Fingerprint(s.size(), s.epochDays()[0], s.epochDays()[t], s.open()[t], s.high()[t], s.low()[t],
          s.close()[t], s.volume()[t]);
    }
  }

  /**
   * Drops every entry when the data date moves on (the first scan of a new day). An older date (a
   * scan on history alone while the live feed is slow) keeps the cache: fingerprints already make
   * each symbol's entry match its data.
   */
  public void useDataDate(LocalDate date) {
    if (date != null && (dataDate == null || date.isAfter(dataDate))) {
      synchronized (this) {
        if (dataDate == null || date.isAfter(dataDate)) {
          entries.clear();
          dataDate = date;
        }
      }
    }
  }

  public LocalDate dataDate() {
    return dataDate;
  }

  /** The indicators of the series' newest row, computed at most once per series content. */
  public IndicatorSet get(DailySeries series) {
    Fingerprint fingerprint = Fingerprint.of(series);
    CompletableFuture<IndicatorSet> mine = new CompletableFuture<>();
    Entry entry = entries.compute(series.symbol(),
        (symbol, old) -> old != null && old.fingerprint.equals(fingerprint) ? old : new Entry(fingerprint, mine));
    if (entry.future == mine) {
      try {
        mine.complete(IndicatorSet.of(series));
        computations.increment();
      } catch (RuntimeException | Error e) {
        mine.completeExceptionally(e);
        entries.remove(series.symbol(), entry);
        throw e;
      }
    }
    return entry.future.join();
  }

  /** How many indicator sets were computed since start (a figure for status and tests). */
  public long computations() {
    return computations.sum();
  }

  public int size() {
    return entries.size();
  }

  public void clear() {
    entries.clear();
  }
}
