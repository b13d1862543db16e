package marketgate.shared.model;

import java.time.LocalDate;

/**
 * Daily candles of one instrument in columns, oldest first (index {@code size() - 1} is "today").
 * Scans and indicators work on these arrays directly.
 *
 * @param epochDays {@link LocalDate#toEpochDay()} of each trading day (IST)
 */
public record DailySeries(
    String symbol, int[] epochDays, double[] open, double[] high, double[] low, double[] close, double[] volume) {

  public DailySeries {
    int n = epochDays.length;
    if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
      throw new IllegalArgumentException("columns of " + symbol + " differ in length");
    }
  }

  public int size() {
    return epochDays.length;
  }

  public LocalDate date(int i) {
    return LocalDate.ofEpochDay(epochDays[i]);
  }

  public LocalDate lastDate() {
    return size() == 0 ? null : date(size() - 1);
  }
}
