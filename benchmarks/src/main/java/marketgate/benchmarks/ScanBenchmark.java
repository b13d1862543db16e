package marketgate.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.ScanCodeParser;
import marketgate.workers.scans.ScanEngine;
import marketgate.workers.scans.ScanRequest;
import marketgate.workers.scans.ScanResult;
import marketgate.workers.scans.indicators.IndicatorCache;
import marketgate.workers.scans.rules.Gates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scans of SCANS.md over 2,400 symbols x 260 daily candles (seeded random walks): each scan with a
 * warm indicator cache, and the first scan of a day with every indicator still to compute.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ScanBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanBenchmark {
  static final int SYMBOLS = 2_400;
  static final int ROWS = 260;
  static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @Param({"X:12:0", "X:12:1", "X:12:2", "X:12:3", "X:12:4", "X:12:5:60:75", "X:12:9:2.5", "X:12:10", "X:12:14",
      "X:12:15", "X:12:17", "X:12:23", "X:12:27", "X:12:31", "X:12:7:4"})
  public String code;

  private Map<String, DailySeries> data;
  private List<String> universe;
  private Gates gates;
  private ScanRequest request;
  private ScanEngine warm;

  @Setup
  public void setUp() {
    data = market(SYMBOLS, ROWS, 20261122L);
    universe = new ArrayList<>(data.keySet());
    gates = Gates.from(MarketgateConfig.defaults().scans());
    request = new ScanCodeParser().parse(code);
    warm = new ScanEngine(gates, new IndicatorCache());
    warm.run(request, universe, data, DAY);
  }

  /** A scan while the day's indicators are cached (every scan after the first of the day). */
  @Benchmark
  public ScanResult warmScan() {
    return warm.run(request, universe, data, DAY);
  }

  /** The first scan of the day: every symbol's indicators computed, then the scan. */
  @Benchmark
  public ScanResult coldScan() {
    return new ScanEngine(gates, new IndicatorCache()).run(request, universe, data, DAY);
  }

  /** Seeded random walks: daily returns ~ N(0.03%, 2%), intraday range and volume to match. */
  static Map<String, DailySeries> market(int symbols, int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, DailySeries> market = new HashMap<>();
    int firstDay = (int) DAY.toEpochDay() - rows + 1;
    for (int s = 0; s < symbols; s++) {
      String symbol = String.format("SYM%04d", s);
      int[] days = new int[rows];
      double[] open = new double[rows];
      double[] high = new double[rows];
      double[] low = new double[rows];
      double[] close = new double[rows];
      double[] volume = new double[rows];
      double price = 20 + random.nextDouble() * 3_000;
      double baseVolume = 5_000 + random.nextDouble() * 2_000_000;
      for (int i = 0; i < rows; i++) {
        days[i] = firstDay + i;
        double o = price * (1 + gaussian(random) * 0.005);
        double c = o * (1 + 0.0003 + gaussian(random) * 0.02);
        open[i] = o;
        close[i] = c;
        high[i] = Math.max(o, c) * (1 + Math.abs(gaussian(random)) * 0.01);
        low[i] = Math.min(o, c) * (1 - Math.abs(gaussian(random)) * 0.01);
        volume[i] = Math.round(baseVolume * Math.exp(gaussian(random) * 0.6));
        price = c;
      }
      market.put(symbol, new DailySeries(symbol, days, open, high, low, close, volume));
    }
    return market;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
