package marketgate.workers.scans.rules;

/**
 * Whether a symbol passed a rule and, for pattern scans, the pattern's key level (breakout level,
 * VCP's BO); {@code level} is NaN when the scan has none.
 */
public record Match(boolean passed, double level) {
  public static final Match FAIL = new Match(false, Double.NaN);
  public static final Match PASS = new Match(true, Double.NaN);

  public static Match of(boolean passed) {
    return passed ? PASS : FAIL;
  }

  public static Match at(double level) {
    return new Match(true, level);
  }

  public boolean hasLevel() {
    return !Double.isNaN(level);
  }
}
