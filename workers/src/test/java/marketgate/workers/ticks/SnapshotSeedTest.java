package marketgate.workers.ticks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Candle;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;
import marketgate.workers.publish.CandleSnapshotWriter;
import marketgate.workers.ticks.simulator.MarketSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node that takes the ticks unit over starts from the published snapshot, candle for candle. */
class SnapshotSeedTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final int[] RINGS = MarketgateConfig.defaults().ticks().ringSize();

  private Universe universe;
  private CandleStore original;
  private long nowSeconds;
  private byte[] snapshot;

  @BeforeEach
  void publishTwentyThreeMinutesOfASimulatedSession() throws IOException {
    universe = Universe.builtIn().limit(40);
    original = new CandleStore(universe, RINGS, false);
    MarketSimulator simulator = new MarketSimulator(universe, 7);
    long open = ZonedDateTime.of(DAY, LocalTime.of(9, 15), MarketClock.IST).toInstant().toEpochMilli();
    // 23 minutes and a half: the 5m, 15m and 30m buckets are part way, the live minute is open.
    for (long t = open; t < open + 23 * 60_000 + 30_000; t += 500) {
      TickBatch batch = new TickBatch(20);
      simulator.nextTicks(batch, 20, t);
      original.apply(batch);
    }
    nowSeconds = open / 1000 + 23 * 60 + 30;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CandleSnapshotWriter(original, 100).writeGzip(out, 0, nowSeconds);
    snapshot = out.toByteArray();
  }

  @Test
  void aSeededStoreHoldsThePublishedCandlesOfEveryInterval() throws IOException {
    CandleStore seeded = new CandleStore(universe, RINGS, false);
    SnapshotSeed.Result result = SnapshotSeed.load(seeded, new ByteArrayInputStream(snapshot));

    assertTrue(result.instruments() > 30, "most instruments traded: " + result);
    for (int idx = 0; idx < universe.instruments().size(); idx++) {
      for (Interval interval : Interval.all()) {
        List<Candle> expected = original.candles(idx, interval, 100, nowSeconds);
        List<Candle> actual = seeded.candles(idx, interval, 100, nowSeconds);
        assertEquals(expected.size(), actual.size(), universe.instruments().get(idx).symbol() + " " + interval);
        for (int c = 0; c < expected.size(); c++) {
          Candle e = expected.get(c);
          Candle a = actual.get(c);
          String where = universe.instruments().get(idx).symbol() + " " + interval + " #" + c;
          assertEquals(e.timestamp(), a.timestamp(), where);
          assertEquals(e.open(), a.open(), 0.001, where);
          assertEquals(e.high(), a.high(), 0.001, where);
          assertEquals(e.low(), a.low(), 0.001, where);
          assertEquals(e.close(), a.close(), 0.001, where);
          assertEquals(e.volume(), a.volume(), where + " volume (the live minute must not count twice)");
        }
      }
    }
  }

  @Test
  void theDayVolumeBecomesTheCumulativeBaselineSoARestartedFeedBooksNoSpike() throws IOException {
    CandleStore seeded = new CandleStore(universe, RINGS, false);
    SnapshotSeed.load(seeded, new ByteArrayInputStream(snapshot));
    int idx = firstTradedStock(seeded);
    int token = universe.instruments().get(idx).token();
    long dayVolume = seeded.candles(idx, Interval.DAY, 1, nowSeconds).get(0).volume();
    long tickMillis = (nowSeconds + 40) * 1000; // the next minute

    // A fresh feed counts the day's volume from a lower value: nothing is booked.
    seeded.apply(new TickBatch(1).add(token, 100, dayVolume / 2, 0, tickMillis));
    assertEquals(0, newestMinute(seeded, idx).volume());
    // Only the increase over the baseline is booked.
    seeded.apply(new TickBatch(1).add(token, 100, dayVolume + 250, 0, tickMillis + 1000));
    assertEquals(250, newestMinute(seeded, idx).volume());
  }

  @Test
  void theNewestTimeIsReadWithoutTouchingTheStore() throws IOException {
    CandleStore empty = new CandleStore(universe, RINGS, false);
    long newest = SnapshotSeed.newestMillis(empty, new ByteArrayInputStream(snapshot));
    long newestMinuteStart = (nowSeconds - 30) * 1000;
    assertEquals(newestMinuteStart + 59_000, newest, "the end of the newest published minute");
    assertEquals(0, empty.stats().instrumentsWithTicks());
  }

  @Test
  void aFileThatIsNotASnapshotIsRefused() {
    CandleStore store = new CandleStore(universe, RINGS, false);
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> SnapshotSeed.load(store, new ByteArrayInputStream("not gzip".getBytes()))).getMessage() != null);
  }

  private int firstTradedStock(CandleStore store) {
    for (int idx = 0; idx < universe.instruments().size(); idx++) {
      if (!universe.instruments().get(idx).isIndex() && !store.candles(idx, Interval.DAY, 1, nowSeconds).isEmpty()) {
        return idx;
      }
    }
    throw new AssertionError("no traded stock");
  }

  private Candle newestMinute(CandleStore store, int idx) {
    List<Candle> minutes = store.candles(idx, Interval.M1, 1, nowSeconds + 120);
    return minutes.get(minutes.size() - 1);
  }
}
