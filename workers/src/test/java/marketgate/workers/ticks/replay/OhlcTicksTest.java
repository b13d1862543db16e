package marketgate.workers.ticks.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import marketgate.shared.model.TickBatch;
import org.junit.jupiter.api.Test;

class OhlcTicksTest {
  private static final Instant TEN_28_12 = Instant.parse("2026-04-06T04:58:12Z"); // 10:28:12 IST

  private static TicksEntry entry(double open, double high, double low, double close, Instant time) {
    return new TicksEntry("7", 7, "X", 3, time, open, high, low, close, 5000, 12, null);
  }

  private static double[] prices(TickBatch batch) {
    double[] p = new double[batch.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = batch.price(i);
    }
    return p;
  }

  @Test
  void anUpDayGoesOpenLowHighCloseWithTheVolumeOnTheCloseAtTheTimestamp() {
    TickBatch batch = new TickBatch(4);
    assertEquals(4, OhlcTicks.append(entry(100, 110, 95, 105, TEN_28_12), batch));

    assertEquals(4, batch.size());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {100, 95, 110, 105}, prices(batch));
    assertEquals(TEN_28_12.toEpochMilli(), batch.epochMillis(3));
    assertEquals(5000, batch.cumulativeVolume(3));
    for (int i = 0; i < 3; i++) {
      assertEquals(TickBatch.NO_VOLUME, batch.cumulativeVolume(i));
      assertTrue(batch.epochMillis(i) < batch.epochMillis(i + 1));
      assertEquals(12, batch.openInterest(i));
    }
  }

  @Test
  void aDownDayGoesOpenHighLowClose() {
    TickBatch batch = new TickBatch(4);
    OhlcTicks.append(entry(100, 110, 95, 97, TEN_28_12), batch);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {100, 110, 95, 97}, prices(batch));
  }

  @Test
  void repeatedAndUnknownPricesCollapse() {
    TickBatch flat = new TickBatch(4);
    assertEquals(1, OhlcTicks.append(entry(50, 50, 50, 50, TEN_28_12), flat));
    assertEquals(5000, flat.cumulativeVolume(0));

    TickBatch zeroLow = new TickBatch(4);
    OhlcTicks.append(entry(9.03, 9.03, 0, 8.58, TEN_28_12), zeroLow);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {9.03, 8.58}, prices(zeroLow));
  }

  @Test
  void ticksStayInTheTimestampsOwnMinute() {
    Instant twoSecondsIn = Instant.parse("2026-04-06T04:58:02Z");
    TickBatch batch = new TickBatch(4);
    OhlcTicks.append(entry(100, 110, 95, 105, twoSecondsIn), batch);
    long minuteStart = Instant.parse("2026-04-06T04:58:00Z").toEpochMilli();
    assertTrue(batch.epochMillis(0) >= minuteStart, "first tick at " + Instant.ofEpochMilli(batch.epochMillis(0)));

    TickBatch onTheMinute = new TickBatch(4);
    OhlcTicks.append(entry(100, 110, 95, 105, Instant.ofEpochMilli(minuteStart)), onTheMinute);
    assertEquals(minuteStart, onTheMinute.epochMillis(0));
  }
}
