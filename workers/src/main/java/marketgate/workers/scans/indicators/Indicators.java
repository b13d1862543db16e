package marketgate.workers.scans.indicators;

import java.util.Arrays;

/**
 * Technical indicators on primitive columns, oldest first. Each returns an array as long as its
 * input with {@code NaN} where the indicator is not yet defined, so index {@code i} of the output
 * belongs to row {@code i} of the input.
 *
 * <p>Wilder smoothing (RSI, ATR) is seeded the TA-Lib way, as PKScreener computes them: the first
 * value is the plain mean of the first {@code n} inputs, then {@code avg = avg + (x - avg) / n}.
 * ta4j seeds with the first input instead ({@link WilderSeed#FIRST_VALUE}); both converge to the
 * same values after a few hundred rows (the seed's weight decays as {@code ((n-1)/n)^rows}).
 */
public final class Indicators {
  private Indicators() {}

  /** How the first value of a Wilder moving average is chosen. */
  public enum WilderSeed {
    /** Mean of the first n inputs (TA-Lib, PKScreener, Wilder's book). */
    MEAN_OF_FIRST_N,
    /** The first input itself, defined from row 0 (ta4j's {@code MMAIndicator}). */
    FIRST_VALUE
  }

  /** Simple moving average of the last {@code n} values, including row i. */
  public static double[] sma(double[] x, int n) {
    double[] out = nans(x.length);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i];
      if (i >= n) {
        sum -= x[i - n];
      }
      if (i >= n - 1) {
        out[i] = sum / n;
      }
    }
    return out;
  }

  /** Mean of {@code x[from..to]} inclusive, without allocating. */
  public static double mean(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i <= to; i++) {
      sum += x[i];
    }
    return sum / (to - from + 1);
  }

  public static double max(double[] x, int from, int to) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = from; i <= to; i++) {
      m = Math.max(m, x[i]);
    }
    return m;
  }

  public static double min(double[] x, int from, int to) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = from; i <= to; i++) {
      m = Math.min(m, x[i]);
    }
    return m;
  }

  /**
   * Wilder's moving average of {@code x} from row {@code first} on. With MEAN_OF_FIRST_N the first
   * value sits at row {@code first + n - 1}.
   */
  static double[] wilder(double[] x, int first, int n, WilderSeed seed) {
    double[] out = nans(x.length);
    if (seed == WilderSeed.FIRST_VALUE) {
      if (x.length <= first) {
        return out;
      }
      double avg = x[first];
      out[first] = avg;
      for (int i = first + 1; i < x.length; i++) {
        avg += (x[i] - avg) / n;
        out[i] = avg;
      }
      return out;
    }
    int seedRow = first + n - 1;
    if (x.length <= seedRow) {
      return out;
    }
    double avg = mean(x, first, seedRow);
    out[seedRow] = avg;
    for (int i = seedRow + 1; i < x.length; i++) {
      avg += (x[i] - avg) / n;
      out[i] = avg;
    }
    return out;
  }

  /** RSI with the TA-Lib seed: defined from row {@code n}. */
  public static double[] rsi(double[] close, int n) {
    return rsi(close, n, WilderSeed.MEAN_OF_FIRST_N);
  }

  /**
   * RSI over Wilder averages of gains and losses. With FIRST_VALUE the gain and loss of row 0 count
   * as 0, as in ta4j. A flat window (no gains, no losses) gives 50; only gains give 100.
   */
  public static double[] rsi(double[] close, int n, WilderSeed seed) {
    int len = close.length;
    double[] gain = new double[len];
    double[] loss = new double[len];
    for (int i = 1; i < len; i++) {
      double d = close[i] - close[i - 1];
      gain[i] = d > 0 ? d : 0;
      loss[i] = d < 0 ? -d : 0;
    }
    int first = seed == WilderSeed.FIRST_VALUE ? 0 : 1;
    double[] avgGain = wilder(gain, first, n, seed);
    double[] avgLoss = wilder(loss, first, n, seed);
    double[] out = nans(len);
    for (int i = 0; i < len; i++) {
      double g = avgGain[i];
      double l = avgLoss[i];
      if (Double.isNaN(g)) {
        continue;
      }
      if (l == 0) {
        out[i] = g == 0 ? 50 : 100;
      } else {
        out[i] = 100 - 100 / (1 + g / l);
      }
    }
    return out;
  }

  /** True range; row 0 has no previous close, so it is high - low. */
  public static double[] trueRange(double[] high, double[] low, double[] close) {
    double[] tr = new double[high.length];
    for (int i = 0; i < high.length; i++) {
      double range = high[i] - low[i];
      if (i == 0) {
        tr[i] = range;
      } else {
        double pc = close[i - 1];
        tr[i] = Math.max(range, Math.max(Math.abs(high[i] - pc), Math.abs(low[i] - pc)));
      }
    }
    return tr;
  }

  /** ATR with the TA-Lib seed (mean of true ranges of rows 1..n): defined from row {@code n}. */
  public static double[] atr(double[] high, double[] low, double[] close, int n) {
    return atr(high, low, close, n, WilderSeed.MEAN_OF_FIRST_N);
  }

  public static double[] atr(double[] high, double[] low, double[] close, int n, WilderSeed seed) {
    double[] tr = trueRange(high, low, close);
    return wilder(tr, seed == WilderSeed.FIRST_VALUE ? 0 : 1, n, seed);
  }

  public static double[] typicalPrice(double[] high, double[] low, double[] close) {
    double[] tp = new double[high.length];
    for (int i = 0; i < tp.length; i++) {
      tp[i] = (high[i] + low[i] + close[i]) / 3;
    }
    return tp;
  }

  /** Commodity Channel Index: (TP - SMA(TP)) / (0.015 x mean absolute deviation of TP). */
  public static double[] cci(double[] high, double[] low, double[] close, int n) {
    double[] tp = typicalPrice(high, low, close);
    double[] smaTp = sma(tp, n);
    double[] out = nans(tp.length);
    for (int i = n - 1; i < tp.length; i++) {
      double avg = smaTp[i];
      double dev = 0;
      for (int j = i - n + 1; j <= i; j++) {
        dev += Math.abs(tp[j] - avg);
      }
      dev /= n;
      out[i] = dev == 0 ? 0 : (tp[i] - avg) / (0.015 * dev);
    }
    return out;
  }

  /**
   * Money Flow Index: share of positive money flow (typical price x volume on rows whose typical
   * price rose) in the last n rows; defined from row n. No flow at all gives 50.
   */
  public static double[] mfi(double[] high, double[] low, double[] close, double[] volume, int n) {
    double[] tp = typicalPrice(high, low, close);
    int len = tp.length;
    double[] pos = new double[len];
    double[] neg = new double[len];
    for (int i = 1; i < len; i++) {
      double flow = tp[i] * volume[i];
      if (tp[i] > tp[i - 1]) {
        pos[i] = flow;
      } else if (tp[i] < tp[i - 1]) {
        neg[i] = flow;
      }
    }
    double[] out = nans(len);
    double p = 0;
    double q = 0;
    for (int i = 1; i < len; i++) {
      p += pos[i];
      q += neg[i];
      if (i > n) {
        p -= pos[i - n];
        q -= neg[i - n];
      }
      if (i >= n) {
        // Re-sum now and then would be needed for very long series; 260 rows do not drift.
        out[i] = p + q == 0 ? 50 : 100 * p / (p + q);
      }
    }
    return out;
  }

  /**
   * Rows that are swing highs of order {@code n}: higher than each of the n rows before and at
   * least as high as each of the n rows after. Only confirmed swings count (n rows on both sides);
   * the strict left side keeps the first row of a flat top only, so a plateau is one swing.
   * PKScreener uses scipy's {@code argrelextrema(high, greater_equal, order)}.
   */
  public static int[] swingHighs(double[] high, int n) {
    return swings(high, n, 1);
  }

  /** Mirror of {@link #swingHighs}: lower than the n rows before, at most as low as the n after. */
  public static int[] swingLows(double[] low, int n) {
    return swings(low, n, -1);
  }

  private static int[] swings(double[] x, int n, int sign) {
    int[] found = new int[Math.max(0, x.length)];
    int count = 0;
    for (int i = n; i < x.length - n; i++) {
      double v = sign * x[i];
      boolean swing = true;
      for (int k = 1; k <= n && swing; k++) {
        swing = v > sign * x[i - k] && v >= sign * x[i + k];
      }
      if (swing) {
        found[count++] = i;
      }
    }
    return Arrays.copyOf(found, count);
  }

  private static double[] nans(int n) {
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    return out;
  }
}
