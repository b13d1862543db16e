package marketgate.workers.scans;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.model.DailyHistory;
import marketgate.shared.model.DailySeries;

/** A DailyHistory over series held in memory, counting full loads. */
final class InMemoryHistory implements DailyHistory {
  private final Map<String, DailySeries> series = new HashMap<>();
  final AtomicInteger loads = new AtomicInteger();
  /** While closed, every read waits: a scan holds its worker thread until the test opens it. */
  final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
  private volatile boolean gated;

  /** Makes reads wait for {@link #gate}. */
  InMemoryHistory gated() {
    gated = true;
    return this;
  }

  InMemoryHistory add(DailySeries s) {
    series.put(s.symbol(), s);
    return this;
  }

  @Override
  public Map<String, DailySeries> loadAll(int days, LocalDate asOf) {
    loads.incrementAndGet();
    Map<String, DailySeries> out = new HashMap<>();
    series.forEach((symbol, s) -> load(symbol, days, asOf).ifPresent(t -> out.put(symbol, t)));
    return out;
  }

  @Override
  public Optional<DailySeries> load(String symbol, int days, LocalDate asOf) {
    DailySeries s = series.get(symbol);
    if (s == null) {
      return Optional.empty();
    }
    int end = 0;
    while (end < s.size() && s.epochDays()[end] <= asOf.toEpochDay()) {
      end++;
    }
    int from = Math.max(0, end - days);
    return Optional.of(new DailySeries(symbol, Arrays.copyOfRange(s.epochDays(), from, end),
        Arrays.copyOfRange(s.open(), from, end), Arrays.copyOfRange(s.high(), from, end),
        Arrays.copyOfRange(s.low(), from, end), Arrays.copyOfRange(s.close(), from, end),
        Arrays.copyOfRange(s.volume(), from, end)));
  }

  @Override
  public Optional<LocalDate> latestDate() {
    if (gated) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return series.values().stream().map(DailySeries::lastDate).max(LocalDate::compareTo);
  }
}
