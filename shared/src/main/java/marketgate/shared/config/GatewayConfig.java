package marketgate.shared.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * @param layers the read path, in order; the first fresh hit wins
 * @param serverInstances HTTP server event loops sharing the port; 0 means one per CPU core
 * @param staleReadBudgetMillis the longest a reader waits for a revalidation while a copy is held;
 *     then the held copy is served stale and the revalidation goes on in the background
 * @param diskCacheMaxBytes bound of the mirror's disk cache; least recently used copies go first
 * @param freshness seconds a copy stays fresh, by path glob ({@code **} any depth, {@code *} one
 *     segment); the first matching pattern wins, else {@code defaultFreshnessSeconds}
 */
public record GatewayConfig(
    List<String> layers,
    long memoryMaxBytes,
    Path diskCacheDir,
    String originUrl,
    String githubContentsUrl,
    int defaultFreshnessSeconds,
    Map<String, Integer> freshness,
    int upstreamTimeoutMillis,
    int busTimeoutMillis,
    int serverInstances,
    int staleReadBudgetMillis,
    long diskCacheMaxBytes) {

  public static final Set<String> LAYERS = Set.of("memory", "disk", "live", "store", "origin", "github-api", "stale");

  static GatewayConfig from(ConfigReader r) {
    ConfigReader fresh = r.section("freshness");
    Map<String, Integer> freshness = new LinkedHashMap<>();
    for (String pattern : fresh.raw().fieldNames()) {
      freshness.put(pattern, fresh.intIn(pattern, 0, 86_400 * 365));
    }
    return new GatewayConfig(
        r.stringListOf("layers", LAYERS),
        r.longIn("memoryMaxBytes", 0, Long.MAX_VALUE),
        r.optionalPath("diskCacheDir"),
        r.string("originUrl"),
        r.string("githubContentsUrl"),
        r.intIn("defaultFreshnessSeconds", 0, 86_400 * 365),
        Map.copyOf(freshness),
        r.intIn("upstreamTimeoutMillis", 1, 600_000),
        r.intIn("busTimeoutMillis", 1, 600_000),
        r.intIn("serverInstances", 0, 256),
        r.intIn("staleReadBudgetMillis", 0, 600_000),
        r.longIn("diskCacheMaxBytes", 0, Long.MAX_VALUE));
  }
}
