package marketgate.shared.config;

/**
 * The live stream ({@code GET /api/v1/stream}) and the candle updates behind it.
 *
 * @param coalesceMillis least time between two updates of one instrument's candles: bounds the
 *     rate of any series whatever the tick rate, while a tick on a quieter instrument goes out at once
 * @param maxClients streams one gateway holds at once; past it, 503 with Retry-After
 * @param ringEvents recent events a gateway keeps so a client resuming with Last-Event-ID misses
 *     nothing; older ones answer {@code event: reset}
 * @param ringBytes bound on the estimated bytes of those events (a whole-market round is large)
 * @param clientQueueBytes bytes queued for one client before it counts as slow and is dropped
 * @param maxSymbols symbols one stream may ask for
 * @param heartbeatSeconds comment lines that keep proxies from closing an idle stream
 * @param retryAfterSeconds the Retry-After of a 503 past maxClients
 */
public record StreamConfig(
    int coalesceMillis,
    int maxClients,
    int ringEvents,
    long ringBytes,
    int clientQueueBytes,
    int maxSymbols,
    int heartbeatSeconds,
    int retryAfterSeconds) {

  static StreamConfig from(ConfigReader r) {
    return new StreamConfig(
        r.intIn("coalesceMillis", 20, 60_000),
        r.intIn("maxClients", 1, 100_000),
        r.intIn("ringEvents", 16, 1_000_000),
        r.longIn("ringBytes", 65_536, 4L * 1024 * 1024 * 1024),
        r.intIn("clientQueueBytes", 4096, 64 * 1024 * 1024),
        r.intIn("maxSymbols", 1, 10_000),
        r.intIn("heartbeatSeconds", 1, 3600),
        r.intIn("retryAfterSeconds", 1, 3600));
  }
}
