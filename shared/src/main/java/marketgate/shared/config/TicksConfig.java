package marketgate.shared.config;

import java.util.Set;
import marketgate.shared.model.Interval;

/**
 * @param source where ticks come from: the built-in simulator, Kite's WebSocket, or a replayed
 *     {@code ticks.json}
 * @param ringSize candles held per instrument, indexed by {@link Interval#ordinal()}
 * @param keepOutOfSessionTicks whether ticks outside 09:15-15:30 IST make intraday candles
 */
public record TicksConfig(
    String source,
    int[] ringSize,
    boolean keepOutOfSessionTicks,
    boolean journal,
    int journalFlushMillis,
    int checkpointSeconds) {

  public static final Set<String> SOURCES = Set.of("simulator", "kite", "replay", "none");

  static TicksConfig from(ConfigReader r) {
    ConfigReader rings = r.section("ringSize");
    int[] sizes = new int[Interval.count()];
    for (Interval interval : Interval.all()) {
      sizes[interval.ordinal()] = rings.intIn(interval.label(), 2, 100_000);
    }
    return new TicksConfig(
        r.oneOf("source", SOURCES),
        sizes,
        r.bool("keepOutOfSessionTicks"),
        r.bool("journal"),
        r.intIn("journalFlushMillis", 10, 60_000),
        r.intIn("checkpointSeconds", 1, 86_400));
  }

  public int ringSize(Interval interval) {
    return ringSize[interval.ordinal()];
  }
}
