package marketgate.shared.config;

import java.nio.file.Path;

/**
 * @param universesDir extra universe files ({@code <index>.txt}) beside the built-in ones, or null
 * @param maxQueued scans that may wait for a worker thread; one more is answered 429 with a retry hint
 */
public record ScansConfig(
    Path universesDir,
    double minPrice,
    double maxPrice,
    long minVolume,
    int timeoutMillis,
    int workerThreads,
    int recentResults,
    int maxQueued) {
  static ScansConfig from(ConfigReader r) {
    return new ScansConfig(
        r.optionalPath("universesDir"),
        r.doubleIn("minPrice", 0, Double.MAX_VALUE),
        r.doubleIn("maxPrice", 0, Double.MAX_VALUE),
        r.longIn("minVolume", 0, Long.MAX_VALUE),
        r.intIn("timeoutMillis", 1, 600_000),
        r.intIn("workerThreads", 1, 256),
        r.intIn("recentResults", 1, 100_000),
        r.intIn("maxQueued", 0, 100_000));
  }
}
