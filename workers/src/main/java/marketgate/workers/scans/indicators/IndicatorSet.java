package marketgate.workers.scans.indicators;

import java.util.Arrays;
import marketgate.shared.model.DailySeries;

/**
 * The indicator values of one symbol for its newest row ("today"), computed once per trading day
 * and shared by every scan. Immutable. Only today's values are kept: the rules of SCANS.md read no
 * older indicator value, and 2,400 symbols x a dozen full columns would cost ~60 MB for nothing.
 * A value that needs more rows than the series has is {@code NaN}, which fails every comparison.
 */
public final class IndicatorSet {
  /** One year of daily rows: the window of the 52-week figures and the stage filter. */
  public static final int YEAR_ROWS = 250;
  /** PKScreener's VCP looks for tops and bottoms of order 3. */
  public static final int SWING_ORDER = 3;

  private final String symbol;
  private final int rows;
  private final double changePct;
  private final double volMa20;
  private final double volumeRatio;
  private final double rsi14;
  private final double atr14;
  private final double cci14;
  private final double mfi14;
  private final double smaClose7;
  private final double smaClose10;
  private final double smaClose20;
  private final double smaClose50;
  private final double smaClose200;
  private final double smaVolume7;
  private final double smaVolume50;
  private final double smaVolume200;
  private final double yearHigh;
  private final double yearLow;
  private final double yearMaxClose;
  private final double yearMinClose;
  private final int[] swingHighs;

  private IndicatorSet(DailySeries s) {
    symbol = s.symbol();
    rows = s.size();
    int t = rows - 1;
    double[] close = s.close();
    double[] volume = s.volume();
    changePct = rows >= 2 && close[t - 1] != 0 ? (close[t] - close[t - 1]) / close[t - 1] * 100 : Double.NaN;
    volMa20 = lastMean(volume, 20);
    volumeRatio = volMa20 > 0 ? volume[t] / volMa20 : Double.NaN;
    rsi14 = last(Indicators.rsi(close, 14));
    atr14 = last(Indicators.atr(s.high(), s.low(), close, 14));
    cci14 = last(Indicators.cci(s.high(), s.low(), close, 14));
    mfi14 = last(Indicators.mfi(s.high(), s.low(), close, volume, 14));
    smaClose7 = lastMean(close, 7);
    smaClose10 = lastMean(close, 10);
    smaClose20 = lastMean(close, 20);
    smaClose50 = lastMean(close, 50);
    smaClose200 = lastMean(close, 200);
    smaVolume7 = lastMean(volume, 7);
    smaVolume50 = lastMean(volume, 50);
    smaVolume200 = lastMean(volume, 200);
    int from = Math.max(0, rows - YEAR_ROWS);
    yearHigh = rows == 0 ? Double.NaN : Indicators.max(s.high(), from, t);
    yearLow = rows == 0 ? Double.NaN : Indicators.min(s.low(), from, t);
    yearMaxClose = rows == 0 ? Double.NaN : Indicators.max(close, from, t);
    yearMinClose = rows == 0 ? Double.NaN : Indicators.min(close, from, t);
    swingHighs = Indicators.swingHighs(s.high(), SWING_ORDER);
  }

  /** Computes every indicator of the series' newest row. */
  public static IndicatorSet of(DailySeries series) {
    return new IndicatorSet(series);
  }

  private static double last(double[] column) {
    return column.length == 0 ? Double.NaN : column[column.length - 1];
  }

  private static double lastMean(double[] x, int n) {
    return x.length < n ? Double.NaN : Indicators.mean(x, x.length - n, x.length - 1);
  }

  public String symbol() {
    return symbol;
  }

  /** Number of rows the values were computed from. */
  public int rows() {
    return rows;
  }

  /** Today's close against yesterday's, in percent. */
  public double changePct() {
    return changePct;
  }

  /** SMA20 of volume, today included. */
  public double volMa20() {
    return volMa20;
  }

  /** Today's volume over VolMA20 (SCANS.md's volume ratio); NaN when VolMA20 is 0 or unknown. */
  public double volumeRatio() {
    return volumeRatio;
  }

  public double rsi14() {
    return rsi14;
  }

  public double atr14() {
    return atr14;
  }

  public double cci14() {
    return cci14;
  }

  public double mfi14() {
    return mfi14;
  }

  public double smaClose7() {
    return smaClose7;
  }

  public double smaClose10() {
    return smaClose10;
  }

  public double smaClose20() {
    return smaClose20;
  }

  public double smaClose50() {
    return smaClose50;
  }

  public double smaClose200() {
    return smaClose200;
  }

  public double smaVolume7() {
    return smaVolume7;
  }

  public double smaVolume50() {
    return smaVolume50;
  }

  public double smaVolume200() {
    return smaVolume200;
  }

  /** Highest high of the newest 250 rows (fewer when the series is shorter). */
  public double yearHigh() {
    return yearHigh;
  }

  public double yearLow() {
    return yearLow;
  }

  public double yearMaxClose() {
    return yearMaxClose;
  }

  public double yearMinClose() {
    return yearMinClose;
  }

  /** Rows of the confirmed swing highs of order 3, oldest first (a copy). */
  public int[] swingHighs() {
    return Arrays.copyOf(swingHighs, swingHighs.length);
  }

  public int swingHighCount() {
    return swingHighs.length;
  }

  /** The k-th swing high row counted from the newest (0 = newest). */
  public int swingHighFromNewest(int k) {
    return swingHighs[swingHighs.length - 1 - k];
  }
}
