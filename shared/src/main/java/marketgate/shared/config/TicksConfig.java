package marketgate.shared.config;

import java.util.Set;
import marketgate.shared.model.Interval;

/**
 * @param source where ticks come from: the built-in simulator, Kite's WebSocket, or a replayed
 *     {@code ticks.json}
 * @param ringSize candles held per instrument, indexed by {@link Interval#ordinal()}
 * @param keepOutOfSessionTicks whether ticks outside 09:15-15:30 IST make intraday candles
 * @param outOfOrderMillis how much older than an instrument's newest tick a tick may be and still
 *     count; an older one is rejected as {@code late} (a source that rewound, e.g. after a restart)
 * @param maxInFlightBatches tick batches a source may have sent and not yet had acknowledged; at
 *     the bound it slows down (Kite pauses its socket, the simulator skips, the replay waits)
 */
public record TicksConfig(
    String source,
    int[] ringSize,
    boolean keepOutOfSessionTicks,
    boolean journal,
    int journalFlushMillis,
    int checkpointSeconds,
    long outOfOrderMillis,
    int maxInFlightBatches) {

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
        r.intIn("checkpointSeconds", 1, 86_400),
        r.longIn("outOfOrderMillis", 0, 86_400_000L),
        r.intIn("maxInFlightBatches", 1, 10_000));
  }

  public int ringSize(Interval interval) {
    return ringSize[interval.ordinal()];
  }
}
