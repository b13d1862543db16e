package marketgate.workers.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import marketgate.shared.model.DailySeries;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.simulator.MarketSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDailyHistoryTest {
  @TempDir Path dir;
  private static final LocalDate LAST = LocalDate.of(2026, 11, 20);

  @Test
  void aYearOfTheWholeUniverseLoadsInOneCallNewestDayLast() throws Exception {
    MarketClock clock = MarketClock.withBuiltInHolidays();
    Map<String, DailySeries> seed = new MarketSimulator(Universe.builtIn(), 7).history(clock, LAST, 260);
    try (SqliteDailyHistory history = SqliteDailyHistory.open(dir.resolve("h/daily.sqlite"))) {
      long rows = history.upsertSeries(seed.values());
      assertEquals(seed.size() * 260L, rows);
      history.loadAll(260, LAST); // warm the page cache and the JIT once
      long started = System.nanoTime();
      Map<String, DailySeries> all = history.loadAll(260, LAST);
      long millis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("loadAll: %d symbols x 260 days in %d ms%n", all.size(), millis);
      assertEquals(seed.size(), all.size());
      // Speed is reported, not asserted (about 0.8 s here); docs/benchmarks.md has the figures.
      DailySeries one = all.values().iterator().next();
      DailySeries truth = seed.get(one.symbol());
      assertEquals(260, one.size());
      assertEquals(truth.close()[259], one.close()[259]);
      assertEquals(LAST, one.lastDate());
    }
  }

  @Test
  void loadReturnsTheNewestDaysOldestFirstAndUpsertReplaces() throws Exception {
    try (SqliteDailyHistory history = SqliteDailyHistory.open(dir.resolve("daily.sqlite"))) {
      history.upsert(List.of(
          new DailyBar("INFY", LAST.minusDays(2), 10, 12, 9, 11, 100),
          new DailyBar("INFY", LAST.minusDays(1), 11, 13, 10, 12, 200),
          new DailyBar("INFY", LAST, 12, 14, 11, 13, 300),
          new DailyBar("TCS", LAST, 30, 31, 29, 30, 50)));
      history.upsert(List.of(new DailyBar("INFY", LAST, 12, 15, 11, 14, 350)));
      DailySeries infy = history.load("INFY", 2, LAST).orElseThrow();
      assertEquals(List.of(LAST.minusDays(1), LAST), List.of(infy.date(0), infy.date(1)));
      assertEquals(14, infy.close()[1], "the second upsert replaced the day");
      assertEquals(4, history.count());
      assertEquals(LAST, history.latestDate().orElseThrow());
      assertTrue(history.load("NOPE", 10, LAST).isEmpty());
      assertEquals(1, history.load("INFY", 10, LAST.minusDays(2)).orElseThrow().size(), "asOf bounds the range");
    }
  }
}
