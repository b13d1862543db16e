package marketgate.workers.scans;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import marketgate.shared.model.DailySeries;

/**
 * Puts today's live day candles into daily history during market hours, so a scan at 11:00 sees
 * today as its newest row. Series without a live candle are shared, not copied.
 */
public final class LiveMerge {
  private LiveMerge() {}

  public static Map<String, DailySeries> merge(Map<String, DailySeries> history, LocalDate day,
      Map<String, DayCandle> live) {
    Map<String, DailySeries> merged = new HashMap<>(history);
    live.forEach((symbol, candle) -> {
      DailySeries series = history.get(symbol);
      if (series != null) {
        merged.put(symbol, withDay(series, day, candle));
      }
    });
    return merged;
  }

  /** Replaces the row of {@code day} when history has it already, else appends one. */
  public static DailySeries withDay(DailySeries s, LocalDate day, DayCandle c) {
    int n = s.size();
    int epochDay = (int) day.toEpochDay();
    if (n > 0 && s.epochDays()[n - 1] > epochDay) {
      return s; // history is newer than the live day: a stale live reply, ignore it
    }
    int row = n > 0 && s.epochDays()[n - 1] == epochDay ? n - 1 : n;
    int size = row + 1;
    int[] days = Arrays.copyOf(s.epochDays(), size);
    double[] open = Arrays.copyOf(s.open(), size);
    double[] high = Arrays.copyOf(s.high(), size);
    double[] low = Arrays.copyOf(s.low(), size);
    double[] close = Arrays.copyOf(s.close(), size);
    double[] volume = Arrays.copyOf(s.volume(), size);
    days[row] = epochDay;
    open[row] = c.open();
    high[row] = c.high();
    low[row] = c.low();
    close[row] = c.close();
    volume[row] = c.volume();
    return new DailySeries(s.symbol(), days, open, high, low, close, volume);
  }
}
