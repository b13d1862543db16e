package marketgate.workers.bluedot.convert;

import java.time.LocalDate;
import java.util.Arrays;
import marketgate.workers.bluedot.convert.MarketSmithParser.RawFile;

/**
 * Turns parsed rows into a {@link StockSeries}: oldest first, one bar per IST date, trading days
 * only, nothing after today, and every present value possible. One impossible value rejects the
 * file: it means the source is broken, and publishing part of it would hide that.
 */
public final class SeriesCleaner {
  private final Timeframe timeframe;

  public SeriesCleaner(Timeframe timeframe) {
    this.timeframe = timeframe;
  }

  public StockSeries clean(RawFile raw, int todayEpochDay) throws BadInputException {
    String symbol = SeedSymbols.fromMarketSmith(raw.symbol);
    if (raw.periodicity != null && !raw.periodicity.equalsIgnoreCase(timeframe.folder())) {
      throw new BadInputException("peripheralData.periodcity is '" + raw.periodicity
          + "' but this is a " + timeframe.folder() + " batch");
    }
    // Sort keys: day in the high bits, file position in the low bits, so that of two rows with
    // one date the one first in the file (MarketSmith lists newest first) wins.
    long[] keys = new long[raw.rows];
    int n = 0;
    for (int i = 0; i < raw.rows; i++) {
      if (!raw.holiday[i] && raw.day[i] <= todayEpochDay) {
        keys[n++] = ((long) raw.day[i] << 32) | i;
      }
    }
    Arrays.sort(keys, 0, n);
    int[] order = new int[n];
    int kept = 0;
    int lastDay = Integer.MIN_VALUE;
    for (int k = 0; k < n; k++) {
      int day = (int) (keys[k] >> 32);
      if (day != lastDay) {
        order[kept++] = (int) keys[k];
        lastDay = day;
      }
    }
    int[] days = new int[kept];
    double[] open = new double[kept], high = new double[kept], low = new double[kept];
    double[] close = new double[kept], volume = new double[kept], bc = new double[kept];
    double[] rating = new double[kept];
    int bars = 0;
    for (int j = 0; j < kept; j++) {
      int i = order[j];
      days[j] = raw.day[i];
      open[j] = raw.open[i];
      high[j] = raw.high[i];
      low[j] = raw.low[i];
      close[j] = raw.close[i];
      volume[j] = raw.volume[i];
      bc[j] = raw.benchmark[i];
      rating[j] = raw.rating[i];
      check(days[j], open[j], high[j], low[j], close[j], volume[j], bc[j], rating[j]);
      if (!Double.isNaN(open[j]) && !Double.isNaN(high[j]) && !Double.isNaN(low[j])
          && !Double.isNaN(close[j]) && !Double.isNaN(volume[j])) {
        bars++;
      }
    }
    if (bars == 0) {
      throw new BadInputException("no trading row up to today has a full OHLCV bar");
    }
    boolean[] dots = markBlueDots(days, Arrays.copyOf(raw.dotDays, raw.dots));
    String name = raw.name == null || raw.name.isBlank() ? symbol : raw.name.strip();
    return new StockSeries(symbol, name, raw.rsRating, days, open, high, low, close, volume, bc, rating, dots);
  }

  private static void check(int day, double open, double high, double low, double close,
      double volume, double bc, double rating) throws BadInputException {
    // NaN (a missing value) fails every comparison, so only present values are judged here.
    if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
      throw bad(day, "a price is not positive (open " + text(open) + ", high " + text(high)
          + ", low " + text(low) + ", close " + text(close) + ")");
    }
    if (high < low) {
      throw bad(day, "high " + text(high) + " is below low " + text(low));
    }
    if (open < low || open > high || close < low || close > high) {
      throw bad(day, "open " + text(open) + " or close " + text(close) + " is outside low "
          + text(low) + " .. high " + text(high));
    }
    if (volume < 0) {
      throw bad(day, "volume " + text(volume) + " is negative");
    }
    if (bc <= 0) {
      throw bad(day, "benchmark close " + text(bc) + " is not positive");
    }
    if (rating < 0 || rating > 100) {
      throw bad(day, "RS rating " + text(rating) + " is outside 0..100");
    }
  }

  private static BadInputException bad(int day, String what) {
    return new BadInputException("row " + LocalDate.ofEpochDay(day) + ": " + what);
  }

  private static String text(double value) {
    return Double.isNaN(value) ? "null" : PlainDecimal.format(value, PlainDecimal.SCALE);
  }

  /**
   * A daily bar carries a dot when its date is a dot date. A weekly bar (dated the week's last
   * day, a Friday for MarketSmith) carries one when any dot date falls in the seven days it covers.
   */
  private boolean[] markBlueDots(int[] days, int[] dotDays) {
    boolean[] marks = new boolean[days.length];
    int span = timeframe == Timeframe.WEEKLY ? 7 : 1;
    for (int dot : dotDays) {
      int at = Arrays.binarySearch(days, dot);
      int bar = at >= 0 ? at : -at - 1;
      if (bar < days.length && days[bar] - dot < span) {
        marks[bar] = true;
      }
    }
    return marks;
  }
}
