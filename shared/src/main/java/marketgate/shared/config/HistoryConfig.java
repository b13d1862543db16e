package marketgate.shared.config;

/** @param databaseFile the SQLite file, relative to the data directory unless absolute */
public record HistoryConfig(String databaseFile, boolean seedFromSimulator) {
  static HistoryConfig from(ConfigReader r) {
    return new HistoryConfig(r.string("databaseFile"), r.bool("seedFromSimulator"));
  }
}
