package marketgate.workers.scans.rules;

import static marketgate.workers.scans.indicators.Indicators.max;
import static marketgate.workers.scans.indicators.Indicators.min;

import marketgate.shared.model.DailySeries;
import marketgate.workers.scans.indicators.IndicatorSet;

/**
 * The rules of SCANS.md's table, one method per scan. {@code t} is today's row (the newest);
 * "prior N rows" are rows {@code t-N .. t-1}; "rows a-b" count back from today (row 1 =
 * yesterday). A rule that lacks the rows it needs fails rather than guessing.
 */
final class Rules {
  private Rules() {}

  /** Rows of "recent" in PKScreener: today and the 21 before. */
  static final int RECENT_ROWS = 22;

  /** Scan 2's level, or NaN with fewer than 22 rows. */
  static double breakoutLevel(DailySeries s) {
    int t = s.size() - 1;
    if (s.size() < RECENT_ROWS) {
      return Double.NaN;
    }
    int from = t - (RECENT_ROWS - 1);
    double maxClose = max(s.close(), from, t - 1);
    double maxHigh = max(s.high(), from, t - 1);
    if ((maxHigh - maxClose) / maxClose * 100 > 2) {
      int above = 0;
      for (int i = from; i < t; i++) {
        if (s.high()[i] > maxClose) {
          above++;
        }
      }
      // Highs far above the closes count as resistance only when enough rows touched them.
      if ((double) RECENT_ROWS / above <= 3) {
        return maxHigh;
      }
    }
    return maxClose;
  }

  /** Scan 1. */
  static Match probableBreakout(DailySeries s, IndicatorSet ind, double[] args) {
    if (!(ind.volumeRatio() >= args[0])) {
      return Match.FAIL;
    }
    int t = s.size() - 1;
    double close = s.close()[t];
    double level = breakoutLevel(s);
    if (close < level) {
      return Match.at(level);
    }
    if (s.size() < 231) {
      return Match.FAIL;
    }
    double[] high = s.high();
    double high200 = max(high, t - 200, t - 1);
    if (!(1.05 * close > high200)) {
      return Match.FAIL;
    }
    double high30 = max(high, t - 30, t - 1);
    double volume = s.volume()[t];
    boolean belowLongBase = high30 < max(high, t - 230, t - 31) && volume > ind.smaVolume200();
    boolean belowShortBase = high30 < max(high, t - 38, t - 31) && volume > ind.smaVolume50();
    return belowLongBase || belowShortBase ? Match.at(high200) : Match.FAIL;
  }

  /** Scan 2. */
  static Match todaysBreakout(DailySeries s, IndicatorSet ind, double[] args) {
    int t = s.size() - 1;
    double level = breakoutLevel(s);
    double close = s.close()[t];
    boolean pass = close >= level && close >= s.open()[t] && ind.volumeRatio() >= args[0];
    return pass ? Match.at(level) : Match.FAIL;
  }

  /** Scan 3: args[0] is the largest range in percent. */
  static Match consolidating(DailySeries s, IndicatorSet ind, double[] args) {
    if (s.size() < RECENT_ROWS) {
      return Match.FAIL;
    }
    int t = s.size() - 1;
    int from = t - (RECENT_ROWS - 1);
    double maxClose = max(s.close(), from, t);
    double range = (maxClose - min(s.close(), from, t)) / maxClose * 100;
    return Match.of(range <= args[0] && range > 0);
  }

  /** Scan 4: args[0] is N. Ties count as lowest, as in PKScreener ({@code <= min}). */
  static Match lowestVolume(DailySeries s, IndicatorSet ind, double[] args) {
    int n = (int) args[0];
    if (s.size() < n) {
      return Match.FAIL;
    }
    int t = s.size() - 1;
    return Match.of(s.volume()[t] <= min(s.volume(), t - n + 1, t));
  }

  /** Scan 5: args are min and max of the floored RSI14. */
  static Match rsiRange(DailySeries s, IndicatorSet ind, double[] args) {
    double rsi = Math.floor(ind.rsi14());
    return Match.of(rsi >= args[0] && rsi <= args[1]);
  }

  /** Scan 9. */
  static Match volumeGainer(DailySeries s, IndicatorSet ind, double[] args) {
    return Match.of(ind.volumeRatio() >= args[0]);
  }

  /** Scan 10. */
  static Match upThreeDays(DailySeries s, IndicatorSet ind, double[] args) {
    if (s.size() < 4) {
      return Match.FAIL;
    }
    double[] c = s.close();
    int t = s.size() - 1;
    for (int i = t; i > t - 3; i--) {
      if (!((c[i] - c[i - 1]) / c[i - 1] * 100 >= 2)) {
        return Match.FAIL;
      }
    }
    return Match.PASS;
  }

  /** Scan 14: PKScreener compares the oldest row's volume by mistake; SCANS.md says today's. */
  static Match nr4(DailySeries s, IndicatorSet ind, double[] args) {
    if (s.size() < 5) {
      return Match.FAIL;
    }
    int t = s.size() - 1;
    double range = s.high()[t] - s.low()[t];
    for (int i = t - 4; i < t; i++) {
      if (!(range < s.high()[i] - s.low()[i])) {
        return Match.FAIL;
      }
    }
    boolean trend = ind.smaClose10() > ind.smaClose50() && ind.smaClose50() > ind.smaClose200();
    return Match.of(trend && s.volume()[t] > 50_000);
  }

  /** Scan 15. */
  static Match yearLowBreak(DailySeries s, IndicatorSet ind, double[] args) {
    return Match.of(s.low()[s.size() - 1] <= ind.yearLow());
  }

  /** Scan 17. */
  static Match yearHighBreak(DailySeries s, IndicatorSet ind, double[] args) {
    return Match.of(s.high()[s.size() - 1] >= ind.yearHigh());
  }

  /** Scan 23. */
  static Match breakingOutNow(DailySeries s, IndicatorSet ind, double[] args) {
    if (s.size() < 11) {
      return Match.FAIL;
    }
    int t = s.size() - 1;
    double body = s.close()[t] - s.open()[t];
    double sum = 0;
    for (int i = t - 10; i < t; i++) {
      sum += Math.abs(s.close()[i] - s.open()[i]);
    }
    return Match.of(body > 0 && body >= 3 * (sum / 10));
  }

  /** Scan 27. */
  static Match atrCross(DailySeries s, IndicatorSet ind, double[] args) {
    int t = s.size() - 1;
    double body = s.close()[t] - s.open()[t];
    return Match.of(body >= ind.atr14() && ind.rsi14() >= 55 && s.volume()[t] > ind.smaVolume7());
  }

  /** Scan 31. */
  static Match highMomentum(DailySeries s, IndicatorSet ind, double[] args) {
    double close = s.close()[s.size() - 1];
    double rsi = ind.rsi14();
    double mfi = ind.mfi14();
    boolean burst = ind.changePct() >= 1 && rsi >= 68 && mfi >= 68 && ind.cci14() >= 110;
    boolean trend = rsi >= 50 && mfi >= 50 && close >= ind.smaClose7() && close >= ind.smaClose20();
    return Match.of(burst || trend);
  }

  /** VCP's tops must lie within this share of the highest of them. */
  static final double VCP_TOP_BAND = 0.03;
  /** VCP needs today's close within 80% of the one-year high. */
  static final double VCP_NEAR_YEAR_HIGH = 0.80;
  static final int VCP_TOPS = 4;

  /**
   * Scan 7:4. Legs run from each of the 4 latest swing highs to the lowest low before the next
   * top. PKScreener's check that those lows rise compares a list with itself (it sorts an alias),
   * so it never rejects; SCANS.md asks for the intended check, which we apply.
   */
  static Match vcp(DailySeries s, IndicatorSet ind, double[] args) {
    if (ind.swingHighCount() < VCP_TOPS) {
      return Match.FAIL;
    }
    double[] high = s.high();
    int[] tops = new int[VCP_TOPS];
    double bo = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < VCP_TOPS; k++) {
      tops[k] = ind.swingHighFromNewest(VCP_TOPS - 1 - k);
      bo = Math.max(bo, high[tops[k]]);
    }
    for (int top : tops) {
      if (high[top] < bo * (1 - VCP_TOP_BAND)) {
        return Match.FAIL;
      }
    }
    int t = s.size() - 1;
    double close = s.close()[t];
    if (close < VCP_NEAR_YEAR_HIGH * ind.yearHigh()) {
      return Match.FAIL;
    }
    double previousDepth = Double.POSITIVE_INFINITY;
    double previousLow = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < VCP_TOPS - 1; k++) {
      double low = min(s.low(), tops[k] + 1, tops[k + 1] - 1);
      double depth = (high[tops[k]] - low) / high[tops[k]];
      if (!(depth < previousDepth) || !(low > previousLow)) {
        return Match.FAIL;
      }
      previousDepth = depth;
      previousLow = low;
    }
    // Lows rise, so the last one is the highest low between the tops.
    return close < bo && close > previousLow ? Match.at(bo) : Match.FAIL;
  }
}
