package marketgate.workers.bluedot.convert;

/**
 * One stock's bars after cleaning, oldest first: trading days only (MarketSmith's {@code Holiday}
 * rows are copies of the previous session and are dropped), unique dates, none in the future.
 * Missing values are {@code NaN}; each CSV writer skips the rows it cannot fill.
 *
 * @param epochDays IST calendar day of each bar, strictly ascending
 * @param blueDot whether a blue dot falls on the bar (a daily date, or inside a weekly bar's week)
 */
public record StockSeries(
    String symbol,
    String name,
    Double rsRating,
    int[] epochDays,
    double[] open,
    double[] high,
    double[] low,
    double[] close,
    double[] volume,
    double[] benchmark,
    double[] rating,
    boolean[] blueDot) {

  public int size() {
    return epochDays.length;
  }

  /** Whether the row has a full OHLCV bar. */
  public boolean hasBar(int i) {
    return !Double.isNaN(open[i]) && !Double.isNaN(high[i]) && !Double.isNaN(low[i])
        && !Double.isNaN(close[i]) && !Double.isNaN(volume[i]);
  }
}
