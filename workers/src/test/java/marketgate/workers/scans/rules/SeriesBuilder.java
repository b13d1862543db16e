package marketgate.workers.scans.rules;

import java.util.Arrays;
import marketgate.shared.model.DailySeries;

/**
 * Hand-made daily series for rule tests. Rows are addressed by how far back they are: 0 = today.
 * A flat row has open = close = price, high = price + 0.5, low = price - 0.5.
 */
public final class SeriesBuilder {
  private final String symbol;
  private final double[] open;
  private final double[] high;
  private final double[] low;
  private final double[] close;
  private final double[] volume;

  private SeriesBuilder(String symbol, int rows) {
    this.symbol = symbol;
    open = new double[rows];
    high = new double[rows];
    low = new double[rows];
    close = new double[rows];
    volume = new double[rows];
  }

  public static SeriesBuilder flat(int rows, double price, double vol) {
    return flat("TEST", rows, price, vol);
  }

  public static SeriesBuilder flat(String symbol, int rows, double price, double vol) {
    SeriesBuilder b = new SeriesBuilder(symbol, rows);
    for (int back = 0; back < rows; back++) {
      b.row(back, price, price + 0.5, price - 0.5, price, vol);
    }
    return b;
  }

  private int at(int back) {
    return close.length - 1 - back;
  }

  public SeriesBuilder row(int back, double o, double h, double l, double c, double v) {
    int i = at(back);
    open[i] = o;
    high[i] = h;
    low[i] = l;
    close[i] = c;
    volume[i] = v;
    return this;
  }

  /** Today's row. */
  public SeriesBuilder today(double o, double h, double l, double c, double v) {
    return row(0, o, h, l, c, v);
  }

  public SeriesBuilder volume(int back, double v) {
    volume[at(back)] = v;
    return this;
  }

  public SeriesBuilder high(int back, double h) {
    high[at(back)] = h;
    return this;
  }

  public SeriesBuilder low(int back, double l) {
    low[at(back)] = l;
    return this;
  }

  /**
   * Closes of the newest {@code closes.length} rows, oldest first; each row opens at the previous
   * close and spans 0.5 beyond its body.
   */
  public SeriesBuilder path(double... closes) {
    int first = close.length - closes.length;
    for (int k = 0; k < closes.length; k++) {
      int i = first + k;
      double o = i == 0 ? closes[k] : close[i - 1];
      open[i] = o;
      close[i] = closes[k];
      high[i] = Math.max(o, closes[k]) + 0.5;
      low[i] = Math.min(o, closes[k]) - 0.5;
    }
    return this;
  }

  /** Straight-line closes through the key points, one key point every {@code step} rows; ends today. */
  public SeriesBuilder through(int step, double... keys) {
    double[] closes = new double[(keys.length - 1) * step + 1];
    for (int k = 0; k < keys.length - 1; k++) {
      for (int j = 0; j < step; j++) {
        closes[k * step + j] = keys[k] + (keys[k + 1] - keys[k]) * j / step;
      }
    }
    closes[closes.length - 1] = keys[keys.length - 1];
    return path(closes);
  }

  /** Every close multiplied by {@code (1 + pct/100)} per row, ending today at {@code last}. */
  public SeriesBuilder trend(double pctPerRow, double last) {
    double[] closes = new double[close.length];
    closes[closes.length - 1] = last;
    for (int i = closes.length - 2; i >= 0; i--) {
      closes[i] = closes[i + 1] / (1 + pctPerRow / 100);
    }
    return path(closes);
  }

  public DailySeries build() {
    int[] days = new int[close.length];
    for (int i = 0; i < days.length; i++) {
      days[i] = 20_000 + i;
    }
    return new DailySeries(symbol, days, open.clone(), high.clone(), low.clone(), close.clone(), volume.clone());
  }

  @Override
  public String toString() {
    return symbol + " closes " + Arrays.toString(close);
  }
}
