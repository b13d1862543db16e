package marketgate.shared.config;

/** @param instrumentLimit 0 for the whole universe, else the first N instruments (tests) */
public record SimulatorConfig(long seed, int ticksPerSecond, int batchMillis, int historyDays, int instrumentLimit) {
  static SimulatorConfig from(ConfigReader r) {
    return new SimulatorConfig(
        r.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        r.intIn("ticksPerSecond", 1, 10_000_000),
        r.intIn("batchMillis", 1, 10_000),
        r.intIn("historyDays", 0, 5_000),
        r.intIn("instrumentLimit", 0, 1_000_000));
  }
}
