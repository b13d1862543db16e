package marketgate.workers.bluedot.convert;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Plain decimal text for Pine Seeds CSVs: no exponent, no trailing zeros, no NaN.
 *
 * <p>{@code Double.toString} writes {@code 1.0E7} and {@code 1.0E-4}, which TradingView rejects,
 * and {@code BigDecimal} is correct but allocates several objects per value (there are about
 * 1.5 million values in a batch). This writes the value rounded half-up to {@code scale} decimals
 * with long arithmetic, and hands the rare cases it cannot do exactly (huge magnitudes, a value
 * that sits within rounding noise of a half) to {@code BigDecimal}. Tests check it against
 * {@code BigDecimal.valueOf(x).setScale(scale, HALF_UP).stripTrailingZeros().toPlainString()}.
 */
public final class PlainDecimal {
  private PlainDecimal() {}

  /** Decimals kept for prices, volumes and ratios: enough for any NSE price and the RS line. */
  public static final int SCALE = 6;

  private static final long[] POW10 = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
  };
  /** Above this the scaled value may not be exact in a double; BigDecimal takes over. */
  private static final double FAST_LIMIT = 1e15;

  /** Appends {@code value} to {@code out}; the value must be finite. */
  static void append(AsciiBuffer out, double value, int scale) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    if (scale < 0 || scale >= POW10.length) {
      throw new IllegalArgumentException("scale out of range: " + scale);
    }
    double scaled = Math.abs(value) * POW10[scale];
    double fraction = scaled - Math.floor(scaled);
    // Binary noise (the double's own error plus the multiplication's, each at most half an ulp
    // of the scaled value) can move a decimal half either side of .5; only BigDecimal, working on
    // the shortest decimal text of the double, is exact there.
    if (scaled >= FAST_LIMIT || Math.abs(fraction - 0.5) <= 4 * Math.ulp(scaled) + 1e-9) {
      out.append(slow(value, scale).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return;
    }
    long units = (long) Math.floor(scaled + 0.5);
    if (units == 0) {
      out.append('0');
      return;
    }
    if (value < 0) {
      out.append('-');
    }
    long whole = units / POW10[scale];
    long frac = units % POW10[scale];
    out.appendDigits(whole, 1);
    if (frac != 0) {
      int digits = scale;
      while (frac % 10 == 0) {
        frac /= 10;
        digits--;
      }
      out.append('.').appendDigits(frac, digits);
    }
  }

  public static String format(double value, int scale) {
    AsciiBuffer out = new AsciiBuffer(24);
    append(out, value, scale);
    return out.toString();
  }

  /** The reference: what {@link #append} must equal for every finite input. */
  static String slow(double value, int scale) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    if (rounded.signum() == 0) {
      return "0";
    }
    return rounded.stripTrailingZeros().toPlainString();
  }
}
