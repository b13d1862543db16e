package marketgate.shared.config;

/**
 * @param databaseFile the SQLite file, relative to the data directory unless absolute
 * @param catchUpDays at most this many missed trading days are rolled up after a gap
 * @param catchUpRetrySeconds while a due day has no day candles yet, the rollup tries again this often
 */
public record HistoryConfig(String databaseFile, boolean seedFromSimulator, int catchUpDays, int catchUpRetrySeconds) {
  static HistoryConfig from(ConfigReader r) {
    return new HistoryConfig(r.string("databaseFile"), r.bool("seedFromSimulator"), r.intIn("catchUpDays", 1, 60),
        r.intIn("catchUpRetrySeconds", 1, 86_400));
  }
}
