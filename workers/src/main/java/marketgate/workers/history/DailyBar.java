package marketgate.workers.history;

import java.time.LocalDate;

/** One daily candle of one symbol, the unit the history store upserts. */
public record DailyBar(String symbol, LocalDate date, double open, double high, double low, double close,
    double volume) {}
