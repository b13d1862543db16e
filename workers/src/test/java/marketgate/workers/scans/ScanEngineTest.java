package marketgate.workers.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.indicators.IndicatorCache;
import marketgate.workers.scans.rules.Gates;
import marketgate.workers.scans.rules.SeriesBuilder;
import org.junit.jupiter.api.Test;

class ScanEngineTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private final ScanCodeParser parser = new ScanCodeParser();

  private static ScanEngine engine() {
    return new ScanEngine(Gates.from(MarketgateConfig.defaults().scans()), new IndicatorCache());
  }

  private static Map<String, DailySeries> market() {
    Map<String, DailySeries> m = new HashMap<>();
    m.put("AAA", SeriesBuilder.flat("AAA", 260, 100, 100_000).volume(0, 300_000).build());
    m.put("BBB", SeriesBuilder.flat("BBB", 260, 100, 100_000).volume(0, 500_000).build());
    m.put("CCC", SeriesBuilder.flat("CCC", 260, 100, 100_000).volume(0, 300_000).build());
    m.put("QUIET", SeriesBuilder.flat("QUIET", 260, 100, 100_000).build());
    m.put("PENNY", SeriesBuilder.flat("PENNY", 260, 5, 100_000).volume(0, 900_000).build());
    return m;
  }

  @Test
  void rowsAreSortedByVolumeRatioThenSymbolAndGatesComeFirst() {
    List<String> universe = List.of("CCC", "PENNY", "AAA", "BBB", "QUIET", "NODATA");
    ScanResult result = engine().run(parser.parse("X:12:9:2"), universe, market(), DAY);
    assertEquals(List.of("BBB", "AAA", "CCC"), result.rows().stream().map(ScanRow::symbol).toList());
    assertEquals(5, result.scanned());
    assertEquals(1, result.missing());
    ScanRow bbb = result.rows().get(0);
    assertEquals(100, bbb.ltp());
    assertEquals(0, bbb.changePct(), 1e-12);
    assertEquals(500_000 / 120_000.0, bbb.volumeRatio(), 1e-12);
    assertEquals(100.5, bbb.high52w());
    assertEquals(99.5, bbb.low52w());
    assertTrue(Double.isNaN(bbb.level()));
  }

  @Test
  void gatesOnlyScanReturnsEveryGatedSymbol() {
    ScanResult result = engine().run(parser.parse("X:12:0"), new ArrayList<>(market().keySet()), market(), DAY);
    assertEquals(List.of("BBB", "AAA", "CCC", "QUIET"), result.rows().stream().map(ScanRow::symbol).toList());
  }

  @Test
  void rowsRenderAsCsvAndJsonWithTheSameColumns() {
    ScanResult result = engine().run(parser.parse("X:0:2:BBB"), List.of("BBB"), Map.of("BBB",
        SeriesBuilder.flat("BBB", 260, 100, 100_000).today(100, 104, 99.5, 103, 500_000).build()), DAY);
    String csv = ScanRowFormat.toCsv(result.rows());
    assertEquals("symbol,ltp,change_pct,volume_ratio,rsi14,high_52w,low_52w,level\n"
        + "BBB,103,3,4.17,100,104,99.5,100\n", csv);
    var json = ScanRowFormat.toJson(result.rows()).getJsonObject(0);
    assertEquals(ScanRowFormat.COLUMNS, List.copyOf(json.fieldNames()));
    assertEquals(4.17, json.getDouble("volume_ratio"));
    assertEquals(100.0, json.getDouble("level"));
    assertEquals(result.rows().get(0).symbol(), ScanRowFormat.fromJson(json).symbol());
  }

  @Test
  void concurrentScansComputeEachSymbolOnce() throws Exception {
    Map<String, DailySeries> data = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String symbol = "S" + i;
      data.put(symbol, SeriesBuilder.flat(symbol, 260, 100 + i, 100_000).volume(0, 100_000 + 1000 * i).build());
    }
    List<String> universe = new ArrayList<>(data.keySet());
    ScanEngine engine = engine();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ScanResult>> runs = new ArrayList<>();
    String[] codes = {"X:12:9:1", "X:12:0", "X:12:5", "X:12:7:4", "X:12:31", "X:12:3", "X:12:4", "X:12:17"};
    for (String code : codes) {
      ScanRequest request = parser.parse(code);
      runs.add(pool.submit(() -> {
        start.await();
        return engine.run(request, universe, data, DAY);
      }));
    }
    start.countDown();
    for (Future<ScanResult> run : runs) {
      assertEquals(300, run.get().scanned());
    }
    pool.shutdown();
    assertEquals(300, engine.cache().computations(), "one indicator set per symbol");
    engine.run(parser.parse("X:12:9"), universe, data, DAY);
    assertEquals(300, engine.cache().computations(), "a warm cache is reused");
    engine.run(parser.parse("X:12:9"), universe, data, DAY.plusDays(1));
    assertEquals(600, engine.cache().computations(), "a new data date recomputes");
  }

  @Test
  void aLiveDayCandleReplacesOrAppendsTodayAndIsRecomputed() {
    DailySeries history = SeriesBuilder.flat("AAA", 260, 100, 100_000).build();
    LocalDate last = history.lastDate();
    DayCandle live = new DayCandle(100, 105, 99, 104, 400_000);
    DailySeries appended = LiveMerge.withDay(history, last.plusDays(1), live);
    assertEquals(261, appended.size());
    assertEquals(104, appended.close()[260]);
    assertEquals(last.plusDays(1), appended.lastDate());
    DailySeries replaced = LiveMerge.withDay(history, last, live);
    assertEquals(260, replaced.size());
    assertEquals(105, replaced.high()[259]);
    assertEquals(history, LiveMerge.withDay(history, last.minusDays(1), live), "an older live day is ignored");

    ScanEngine engine = engine();
    ScanRequest gainers = parser.parse("X:0:9:AAA");
    assertEquals(0, engine.run(gainers, List.of("AAA"), Map.of("AAA", history), last).rows().size());
    Map<String, DailySeries> merged = LiveMerge.merge(Map.of("AAA", history), last, Map.of("AAA", live, "ZZZ", live));
    assertEquals(1, merged.size(), "a live candle without history adds nothing");
    assertEquals(1, engine.run(gainers, List.of("AAA"), merged, last).rows().size());
  }
}
