package marketgate.workers.scans.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import marketgate.workers.scans.indicators.Indicators.WilderSeed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.CCIIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.VolumeIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * Our indicators against ta4j 0.17 on 5,241 real SPY days, to 1e-6.
 *
 * <p>ta4j's Wilder average (RSI, ATR) starts from the first input at row 0; ours starts from the
 * mean of the first 14 like TA-Lib and PKScreener. So RSI and ATR are compared twice: with ta4j's
 * seed on every row, and with ours on the rows after the seed's weight (13/14)^rows has faded below
 * 1e-9. SMA, CCI and MFI have one definition and are compared on every defined row.
 */
class IndicatorsTest {
  private static final double TOLERANCE = 1e-6;
  /** Rows after which a difference of seeds no longer shows at 1e-6 ((13/14)^400 ~ 1e-13). */
  private static final int CONVERGED = 400;

  private static double[] open;
  private static double[] high;
  private static double[] low;
  private static double[] close;
  private static double[] volume;
  private static BarSeries ta4j;

  @BeforeAll
  static void loadSpy() throws IOException {
    List<double[]> rows = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        IndicatorsTest.class.getResourceAsStream("/daily/SPY_D.csv"), StandardCharsets.UTF_8))) {
      in.readLine();
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(",");
        dates.add(LocalDate.parse(f[1]));
        rows.add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
            Double.parseDouble(f[5]), Double.parseDouble(f[6])});
      }
    }
    int n = rows.size();
    open = new double[n];
    high = new double[n];
    low = new double[n];
    close = new double[n];
    volume = new double[n];
    ta4j = new BaseBarSeriesBuilder().withName("SPY").withNumTypeOf(DoubleNum.class).build();
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      open[i] = r[0];
      high[i] = r[1];
      low[i] = r[2];
      close[i] = r[3];
      volume[i] = r[4];
      ta4j.addBar(dates.get(i).atStartOfDay(ZoneOffset.UTC), r[0], r[1], r[2], r[3], r[4]);
    }
    assertEquals(5241, n);
  }

  private static void assertMatches(String name, double[] ours, Indicator<Num> theirs, int from) {
    assertEquals(close.length, ours.length, name + " length");
    int compared = 0;
    for (int i = from; i < ours.length; i++) {
      double expected = theirs.getValue(i).doubleValue();
      assertEquals(expected, ours[i], TOLERANCE, name + " at row " + i);
      compared++;
    }
    assertTrue(compared > 4000, name + " compared " + compared + " rows");
  }

  @Test
  void smaMatchesTa4jAndIsUndefinedBeforeItsWindow() {
    for (int n : new int[] {7, 10, 20, 50, 200}) {
      double[] ours = Indicators.sma(close, n);
      assertTrue(Double.isNaN(ours[n - 2]), "SMA" + n + " needs " + n + " rows");
      assertMatches("SMA" + n, ours, new SMAIndicator(new ClosePriceIndicator(ta4j), n), n - 1);
    }
    assertMatches("SMA20 of volume", Indicators.sma(volume, 20), new SMAIndicator(new VolumeIndicator(ta4j), 20), 19);
  }

  @Test
  void rsiWithTa4jSeedMatchesTa4jOnEveryRow() {
    assertMatches("RSI14 (ta4j seed)", Indicators.rsi(close, 14, WilderSeed.FIRST_VALUE),
        new RSIIndicator(new ClosePriceIndicator(ta4j), 14), 1);
  }

  @Test
  void rsiWithWilderSeedStartsAtRow14AndConvergesToTa4j() {
    double[] ours = Indicators.rsi(close, 14);
    assertTrue(Double.isNaN(ours[13]));
    assertTrue(Double.isFinite(ours[14]));
    // Row 14 is 100 - 100 / (1 + mean gain / mean loss) of the first 14 changes.
    double gains = 0;
    double losses = 0;
    for (int i = 1; i <= 14; i++) {
      double d = close[i] - close[i - 1];
      gains += Math.max(d, 0);
      losses += Math.max(-d, 0);
    }
    assertEquals(100 - 100 / (1 + gains / losses), ours[14], 1e-9);
    assertMatches("RSI14", ours, new RSIIndicator(new ClosePriceIndicator(ta4j), 14), CONVERGED);
  }

  @Test
  void atrWithTa4jSeedMatchesTa4jOnEveryRow() {
    assertMatches("ATR14 (ta4j seed)", Indicators.atr(high, low, close, 14, WilderSeed.FIRST_VALUE),
        new ATRIndicator(ta4j, 14), 0);
  }

  @Test
  void atrWithWilderSeedStartsAtRow14AndConvergesToTa4j() {
    double[] ours = Indicators.atr(high, low, close, 14);
    assertTrue(Double.isNaN(ours[13]));
    double[] tr = Indicators.trueRange(high, low, close);
    assertEquals(Indicators.mean(tr, 1, 14), ours[14], 1e-9);
    assertMatches("ATR14", ours, new ATRIndicator(ta4j, 14), CONVERGED);
  }

  @Test
  void cciMatchesTa4j() {
    assertMatches("CCI14", Indicators.cci(high, low, close, 14), new CCIIndicator(ta4j, 14), 13);
  }

  @Test
  void mfiMatchesTa4j() {
    double[] ours = Indicators.mfi(high, low, close, volume, 14);
    assertTrue(Double.isNaN(ours[13]));
    assertMatches("MFI14", ours, new MoneyFlowIndexIndicator(ta4j, 14), 14);
  }

  @Test
  void swingHighsAreConfirmedLocalMaximaOfTheirOrder() {
    double[] h = {1, 2, 3, 9, 3, 2, 1, 5, 5, 4, 3, 2, 8, 7};
    // Row 3 towers over 3 rows each side; the plateau at 7-8 counts once (its first row); row 12
    // has only one row after it, so it is not confirmed yet.
    assertArrayEquals(new int[] {3, 7}, Indicators.swingHighs(h, 3));
    // Order 4: row 3 lacks 4 rows before it, and row 7 is below row 3 within 4 rows.
    assertArrayEquals(new int[] {}, Indicators.swingHighs(h, 4));
    double[] l = {9, 8, 7, 1, 7, 8, 9, 9};
    assertArrayEquals(new int[] {3}, Indicators.swingLows(l, 3));
  }

  @Test
  void swingHighsOfSpyAreLocalMaxima() {
    int[] swings = Indicators.swingHighs(high, 3);
    assertTrue(swings.length > 100);
    IntFunction<Boolean> isMax = i -> {
      for (int k = 1; k <= 3; k++) {
        if (high[i - k] >= high[i] || high[i + k] > high[i]) {
          return false;
        }
      }
      return true;
    };
    for (int i : swings) {
      assertTrue(isMax.apply(i), "row " + i);
    }
    int count = 0;
    for (int i = 3; i < high.length - 3; i++) {
      count += isMax.apply(i) ? 1 : 0;
    }
    assertEquals(count, swings.length, "every local maximum is found");
  }
}
