package marketgate.shared.model;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to daily candles per instrument (the history store). Implementations block: call
 * them from a worker thread.
 */
public interface DailyHistory {

  /** Every symbol's newest {@code days} daily candles up to and including {@code asOf}, oldest first. */
  Map<String, DailySeries> loadAll(int days, LocalDate asOf) throws IOException;

  /** One symbol's newest {@code days} candles up to and including {@code asOf}. */
  Optional<DailySeries> load(String symbol, int days, LocalDate asOf) throws IOException;

  /** The newest date that has candles, if any. */
  Optional<LocalDate> latestDate() throws IOException;
}
