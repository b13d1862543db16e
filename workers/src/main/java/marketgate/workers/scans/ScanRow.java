package marketgate.workers.scans;

/**
 * One symbol that passed a scan (SCANS.md's result row).
 *
 * @param level the pattern's key level (breakout level, VCP's BO), NaN for scans without one
 */
public record ScanRow(String symbol, double ltp, double changePct, double volumeRatio, double rsi14,
    double high52w, double low52w, double level) {}
