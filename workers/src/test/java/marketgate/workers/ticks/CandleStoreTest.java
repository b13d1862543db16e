package marketgate.workers.ticks;

import static marketgate.workers.ticks.StoreFixtures.INFY;
import static marketgate.workers.ticks.StoreFixtures.NIFTY;
import static marketgate.workers.ticks.StoreFixtures.TCS;
import static marketgate.workers.ticks.StoreFixtures.millis;
import static marketgate.workers.ticks.StoreFixtures.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Candle;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import org.junit.jupiter.api.Test;

class CandleStoreTest {
  private final CandleStore store = StoreFixtures.store();
  private final int infy = store.indexOf(INFY);

  private void tick(int token, double price, long cumVolume, String time) {
    store.apply(new TickBatch(1).add(token, price, cumVolume, 0, millis(time)));
  }

  private List<Candle> candles(Interval interval) {
    return store.candles(infy, interval, 1000, seconds("16:00:00"));
  }

  @Test
  void oneTickAMinuteMakesTheRightNumberOfCandlesAnchoredAtNineFifteen() {
    long open = millis("09:15:00");
    long volume = 0;
    for (int minute = 0; minute < 375; minute++) {
      volume += 10;
      store.apply(new TickBatch(1).add(INFY, 100 + minute, volume, 0, open + minute * 60_000L + 30_000));
    }
    Map<Interval, Integer> expected = Map.of(Interval.M1, 375, Interval.M2, 188, Interval.M3, 125, Interval.M4, 94,
        Interval.M5, 75, Interval.M10, 38, Interval.M15, 25, Interval.M30, 13, Interval.M60, 7, Interval.DAY, 1);
    for (Interval interval : Interval.all()) {
      List<Candle> list = store.candles(infy, interval, 1000, seconds("16:00:00"));
      int want = Math.min(expected.get(interval), store.capacity(interval));
      assertEquals(want, list.size(), interval.label());
      if (interval.intraday()) {
        Candle last = list.get(list.size() - 1);
        long lastStart = seconds("09:15:00") + (374 * 60L / interval.seconds()) * interval.seconds();
        assertEquals(lastStart, last.timestamp(), interval + " last bucket");
      }
    }
    List<Candle> hourly = candles(Interval.M60);
    assertEquals(seconds("15:15:00"), hourly.get(6).timestamp(), "short last hourly bucket starts at 15:15");
    assertEquals(15, hourly.get(6).tickCount(), "15:15-15:29 holds 15 minutes");
    assertEquals(60, hourly.get(0).tickCount());
    assertEquals(3750, candles(Interval.DAY).get(0).volume(), "day volume is the cumulative value");
    long sum = hourly.stream().mapToLong(Candle::volume).sum();
    assertEquals(3750, sum, "intraday volumes add up to the day");
  }

  @Test
  void candleVolumeIsTheIncreaseOfCumulativeVolume() {
    tick(INFY, 100, 1000, "09:15:10");
    tick(INFY, 101, 1300, "09:15:40");
    tick(INFY, 102, 1700, "09:16:05");
    List<Candle> minutes = candles(Interval.M1);
    assertEquals(1300, minutes.get(0).volume(), "first minute of the session books the pre-open volume");
    assertEquals(400, minutes.get(1).volume());
    assertEquals(1700, candles(Interval.DAY).get(0).volume());
    Candle first = minutes.get(0);
    assertEquals(100, first.open());
    assertEquals(101, first.high());
    assertEquals(100, first.low());
    assertEquals(101, first.close());
    assertEquals(2, first.tickCount());
    assertTrue(first.complete());
  }

  @Test
  void aFirstTickLateInTheDayDoesNotSpikeVolume() {
    tick(INFY, 100, 5_000_000, "11:00:10");
    tick(INFY, 100, 5_000_300, "11:00:20");
    assertEquals(300, candles(Interval.M1).get(0).volume());
    assertEquals(5_000_300, candles(Interval.DAY).get(0).volume());
  }

  @Test
  void outOfOrderTicksUpdateTheirOwnBucketButNotTheClose() {
    tick(INFY, 100, 100, "09:15:10");
    tick(INFY, 105, 200, "09:16:10");
    tick(INFY, 90, 150, "09:15:50");
    List<Candle> minutes = candles(Interval.M1);
    assertEquals(90, minutes.get(0).low(), "late tick widened its own minute");
    assertEquals(100, minutes.get(0).close(), "but did not become the close");
    assertEquals(105, minutes.get(1).close());
    assertEquals(105, candles(Interval.DAY).get(0).close());
    assertEquals(0, store.stats().rejected(RejectReason.LATE));
  }

  @Test
  void longerIntervalsCombineFinishedMinutesWithTheLiveOne() {
    tick(INFY, 100, 1000, "09:15:10");
    tick(INFY, 104, 1100, "09:16:10");
    tick(INFY, 97, 1150, "09:17:10");
    tick(INFY, 101, 1400, "09:17:40");
    Candle five = candles(Interval.M5).get(0);
    assertEquals(seconds("09:15:00"), five.timestamp());
    assertEquals(100, five.open());
    assertEquals(104, five.high());
    assertEquals(97, five.low());
    assertEquals(101, five.close(), "the live minute's last price is the close");
    assertEquals(1400, five.volume());
    assertEquals(4, five.tickCount());
    List<Candle> twos = candles(Interval.M2);
    assertEquals(2, twos.size(), "09:15 and 09:17");
    assertEquals(1100, twos.get(0).volume());
    assertEquals(300, twos.get(1).volume());

    long published = store.version();
    tick(INFY, 110, 1500, "09:17:50");
    CandleColumns changed = new CandleColumns(4);
    assertEquals(1, store.copy(infy, Interval.M5, 100, published, seconds("16:00:00"), changed),
        "the live minute makes its 5m candle count as changed");
    assertEquals(110, changed.high(0));

    tick(INFY, 90, 1500, "09:16:55"); // within the out-of-order window, in a finished minute
    assertEquals(90, candles(Interval.M5).get(0).low(), "a late tick reaches the 5m candle of its minute");
    assertEquals(110, candles(Interval.M5).get(0).close());
  }

  @Test
  void ticksOlderThanTheRingAreCountedAsLate() {
    CandleStore small = new CandleStore(StoreFixtures.universe(), new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, false);
    small.apply(new TickBatch(3).add(INFY, 100, 1, 0, millis("09:15:00")).add(INFY, 100, 2, 0, millis("09:16:00"))
        .add(INFY, 100, 3, 0, millis("09:17:00")));
    small.apply(new TickBatch(1).add(INFY, 99, 4, 0, millis("09:15:30")));
    assertEquals(1, small.stats().rejected(RejectReason.LATE));
  }

  @Test
  void aTickOlderThanTheOutOfOrderWindowIsLateEvenWhenItsCandleIsHeld() {
    tick(INFY, 100, 100, "09:20:00");
    tick(INFY, 101, 200, "09:25:30");
    tick(INFY, 50, 300, "09:20:30"); // a rewound source: 5 minutes older than INFY's newest tick
    tick(INFY, 102, 250, "09:25:10"); // within the one-minute window: an ordinary out-of-order tick
    assertEquals(1, store.stats().rejected(RejectReason.LATE));
    List<Candle> minutes = candles(Interval.M1);
    assertEquals(100, minutes.get(0).low(), "the rewound tick changed nothing");
    assertEquals(1, minutes.get(0).tickCount());
    assertEquals(102, minutes.get(1).high(), "the in-window tick still counts");
    assertEquals(250, candles(Interval.DAY).get(0).volume(), "its cumulative volume was not booked");
  }

  @Test
  void duplicatesBadPricesAndUnknownTokensAreCountedByReason() {
    TickBatch batch = new TickBatch(6)
        .add(INFY, 100, 10, 0, millis("09:20:00"))
        .add(INFY, 100, 10, 0, millis("09:20:00"))
        .add(INFY, 0, 11, 0, millis("09:20:01"))
        .add(INFY, -5, 11, 0, millis("09:20:01"))
        .add(INFY, Double.NaN, 11, 0, millis("09:20:01"))
        .add(12345, 100, 1, 0, millis("09:20:01"));
    store.apply(batch);
    CandleStoreStats stats = store.stats();
    assertEquals(1, stats.ticksProcessed());
    assertEquals(1, stats.rejected(RejectReason.DUPLICATE));
    assertEquals(3, stats.rejected(RejectReason.NON_POSITIVE_PRICE));
    assertEquals(1, stats.rejected(RejectReason.UNKNOWN_TOKEN));
    assertEquals(1, candles(Interval.M1).get(0).tickCount());
  }

  @Test
  void outOfSessionTicksStayOutOfIntradayCandlesUnlessConfigured() {
    tick(INFY, 100, 10, "09:05:00");
    tick(INFY, 110, 20, "15:45:00");
    assertTrue(candles(Interval.M1).isEmpty());
    assertEquals(2, store.stats().rejected(RejectReason.OUT_OF_SESSION));
    assertEquals(110, candles(Interval.DAY).get(0).high(), "the day candle still sees them");

    CandleStore keeping = new CandleStore(StoreFixtures.universe(),
        MarketgateConfig.defaults().ticks().ringSize(), true);
    keeping.apply(new TickBatch(1).add(INFY, 100, 10, 0, millis("09:05:00")));
    List<Candle> kept = keeping.candles(keeping.indexOf(INFY), Interval.M5, 10, seconds("16:00:00"));
    assertEquals(seconds("09:05:00"), kept.get(0).timestamp());
  }

  @Test
  void indexTicksWithoutVolumeMakeCandles() {
    tick(NIFTY, 24000, TickBatch.NO_VOLUME, "10:00:00");
    tick(NIFTY, 24010, TickBatch.NO_VOLUME, "10:00:30");
    List<Candle> list = store.candles(store.indexOf(NIFTY), Interval.M1, 10, seconds("16:00:00"));
    assertEquals(1, list.size());
    assertEquals(0, list.get(0).volume());
    assertEquals(24010, list.get(0).close());
  }

  @Test
  void theNewestCandleIsIncompleteUntilItsBucketEnds() {
    tick(INFY, 100, 10, "09:15:10");
    assertFalse(store.candles(infy, Interval.M5, 1, seconds("09:19:59")).get(0).complete());
    assertTrue(store.candles(infy, Interval.M5, 1, seconds("09:20:00")).get(0).complete());
    assertFalse(store.candles(infy, Interval.DAY, 1, seconds("15:29:00")).get(0).complete());
    assertTrue(store.candles(infy, Interval.DAY, 1, seconds("15:30:00")).get(0).complete());
  }

  @Test
  void incrementalCopiesHoldOnlyChangedCandles() {
    tick(INFY, 100, 10, "09:15:10");
    tick(TCS, 200, 10, "09:15:10");
    long published = store.version();
    tick(INFY, 101, 20, "09:16:10");
    CandleColumns columns = new CandleColumns(10);
    assertEquals(1, store.copy(infy, Interval.M1, 100, published, seconds("16:00:00"), columns));
    assertEquals(seconds("09:16:00"), columns.start(0));
    assertEquals(0, store.copy(store.indexOf(TCS), Interval.M1, 100, published, seconds("16:00:00"), columns));
    assertEquals(2, store.copy(infy, Interval.M1, 100, 0, seconds("16:00:00"), columns));
  }

  @Test
  void statsCountInstrumentsCandlesAndLastTick() {
    tick(INFY, 100, 10, "09:15:10");
    tick(INFY, 100, 20, "09:16:10");
    tick(TCS, 200, 10, "09:16:20");
    CandleStoreStats stats = store.stats();
    assertEquals(3, stats.instruments());
    assertEquals(2, stats.instrumentsWithTicks());
    assertEquals(3, stats.ticksProcessed());
    assertEquals(millis("09:16:20"), stats.lastTickMillis());
    // INFY: 10 intervals at 09:15 + a new 1m candle at 09:16 (the others still hold 09:15); TCS: 10.
    assertEquals(21, stats.candlesCreated());
    assertEquals(1, stats.candlesCompleted());
  }
}
