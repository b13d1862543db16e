package marketgate.workers.scans;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.indicators.IndicatorCache;
import marketgate.workers.scans.indicators.IndicatorSet;
import marketgate.workers.scans.rules.Gates;
import marketgate.workers.scans.rules.Match;

/**
 * Runs a scan over daily series: gates, then the scan's rule, on each symbol's cached indicators.
 * Pure apart from the shared indicator cache, and thread-safe: concurrent scans share indicator
 * sets and never compute one symbol twice.
 */
public final class ScanEngine {
  /** Highest volume ratio first, then symbol, as SCANS.md orders result rows. */
  public static final Comparator<ScanRow> ORDER =
      Comparator.comparingDouble((ScanRow r) -> Double.isNaN(r.volumeRatio()) ? Double.NEGATIVE_INFINITY : r.volumeRatio())
          .reversed().thenComparing(ScanRow::symbol);

  private final Gates gates;
  private final IndicatorCache cache;

  public ScanEngine(Gates gates, IndicatorCache cache) {
    this.gates = gates;
    this.cache = cache;
  }

  public IndicatorCache cache() {
    return cache;
  }

  /**
   * @param symbols the universe of the request
   * @param data daily series by symbol, newest row = the day scanned
   * @param dataDate the date the data is for; a new date drops yesterday's indicators
   */
  public ScanResult run(ScanRequest request, List<String> symbols, Map<String, DailySeries> data, LocalDate dataDate) {
    return run(request, symbols, data, dataDate, () -> false);
  }

  /**
   * @param cancelled asked before each symbol; when it says true the scan stops with a {@link
   *     ScanCancelledException} (its caller has gone, so the worker thread is better spent elsewhere)
   */
  public ScanResult run(ScanRequest request, List<String> symbols, Map<String, DailySeries> data, LocalDate dataDate,
      BooleanSupplier cancelled) {
    cache.useDataDate(dataDate);
    double[] args = request.args();
    List<ScanRow> rows = new ArrayList<>();
    int scanned = 0;
    for (String symbol : symbols) {
      if (cancelled.getAsBoolean()) {
        throw new ScanCancelledException("scan " + request.code() + " cancelled after " + scanned + " of "
            + symbols.size() + " symbols: its caller's deadline passed");
      }
      DailySeries series = data.get(symbol);
      if (series == null || series.size() == 0) {
        continue;
      }
      scanned++;
      IndicatorSet ind = cache.get(series);
      if (!gates.pass(series, ind)) {
        continue;
      }
      Match match = request.scan().rule().test(series, ind, args);
      if (match.passed()) {
        rows.add(row(series, ind, match));
      }
    }
    rows.sort(ORDER);
    return new ScanResult(rows, scanned, symbols.size() - scanned);
  }

  private static ScanRow row(DailySeries s, IndicatorSet ind, Match match) {
    return new ScanRow(s.symbol(), s.close()[s.size() - 1], ind.changePct(), ind.volumeRatio(), ind.rsi14(),
        ind.yearHigh(), ind.yearLow(), match.level());
  }
}
