package marketgate.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import marketgate.shared.config.GatewayConfig;

/**
 * The gateway's own meters (cache hits and misses per layer, upstream latency, single-flight
 * waits) in the same Prometheus registry as Vert.x's HTTP server and event-bus metrics.
 */
public final class GatewayMetrics {
  /** The registry name Vert.x metrics are created under; {@link #registry()} looks it up. */
  public static final String REGISTRY_NAME = "marketgate";

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> hits = new ConcurrentHashMap<>();
  private final Map<String, Counter> misses = new ConcurrentHashMap<>();
  private final Map<String, Timer> upstream = new ConcurrentHashMap<>();
  private final Counter singleFlightWaits;
  private final Counter memoryHits;
  private final Counter diskEvictions;
  private volatile LongSupplier diskBytes = () -> 0;
  private volatile LongSupplier diskEntries = () -> 0;
  private volatile long diskMaxBytes;

  private GatewayMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.singleFlightWaits = Counter.builder("marketgate_gateway_singleflight_waits")
        .description("requests that waited for another request's upstream fetch of the same path")
        .register(registry);
    for (String layer : GatewayConfig.LAYERS) {
      hits.put(layer, counter("marketgate_gateway_cache_hits", layer));
      misses.put(layer, counter("marketgate_gateway_cache_misses", layer));
    }
    this.memoryHits = hits.get("memory");
    this.diskEvictions = Counter.builder("marketgate_gateway_disk_cache_evictions")
        .description("copies deleted from the mirror's disk cache to keep it within gateway.diskCacheMaxBytes")
        .register(registry);
    Gauge.builder("marketgate_gateway_disk_cache_bytes", () -> diskBytes.getAsLong())
        .description("bytes held by the mirror's disk cache").register(registry);
    Gauge.builder("marketgate_gateway_disk_cache_entries", () -> diskEntries.getAsLong())
        .description("copies held by the mirror's disk cache").register(registry);
  }

  /** Where the disk cache gauges read from (set once the mirror is built). */
  public void diskCache(LongSupplier bytes, LongSupplier entries, long maxBytes) {
    this.diskBytes = bytes;
    this.diskEntries = entries;
    this.diskMaxBytes = maxBytes;
  }

  public void diskEvictions(int count) {
    diskEvictions.increment(count);
  }

  /** The disk cache for the status page: entries, bytes, maxBytes, evictions. */
  public Map<String, Long> diskCacheCounts() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    out.put("entries", diskEntries.getAsLong());
    out.put("bytes", diskBytes.getAsLong());
    out.put("maxBytes", diskMaxBytes);
    out.put("evictions", (long) diskEvictions.count());
    return out;
  }

  /**
   * Vert.x options with Micrometer metrics on (HTTP server metrics labelled by route, method and
   * code; event-bus metrics by address). Metrics are chosen when Vert.x is created, so whoever
   * creates the Vert.x instance must start from these options.
   */
  public static VertxOptions vertxOptions(VertxOptions base) {
    // Native epoll when the jar is on a Linux box (it is in the gateway's dependencies); NIO otherwise.
    return base.setMetricsOptions(metricsOptions()).setPreferNativeTransport(true);
  }

  public static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(REGISTRY_NAME)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS, Label.EB_FAILURE)
        // Per-connection byte counters of the TCP layer add cost and say nothing HTTP metrics do not;
        // HTTP server metrics are recorded by HttpServerMetrics at a fraction of the cost.
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT);
  }

  /** The registry Vert.x created from {@link #metricsOptions()}, or a private one when metrics are off. */
  public static GatewayMetrics create() {
    var existing = BackendRegistries.getNow(REGISTRY_NAME);
    PrometheusMeterRegistry registry = existing instanceof PrometheusMeterRegistry p
        ? p
        : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new GatewayMetrics(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MeterRegistry meters() {
    return registry;
  }

  public void memoryHit() {
    memoryHits.increment();
  }

  public void hit(String layer) {
    hits.computeIfAbsent(layer, l -> counter("marketgate_gateway_cache_hits", l)).increment();
  }

  public void miss(String layer) {
    misses.computeIfAbsent(layer, l -> counter("marketgate_gateway_cache_misses", l)).increment();
  }

  public void upstreamLatency(String layer, long nanos) {
    upstream.computeIfAbsent(layer, l -> Timer.builder("marketgate_gateway_upstream_latency")
            .description("time an upstream layer took to answer, by layer")
            .tag("layer", l)
            .publishPercentileHistogram()
            .register(registry))
        .record(Duration.ofNanos(nanos));
  }

  public void singleFlightWait() {
    singleFlightWaits.increment();
  }

  /** Counters for the status page: {layer: {hits, misses}}. */
  public Map<String, long[]> cacheCounts() {
    Map<String, long[]> out = new java.util.TreeMap<>();
    for (String layer : GatewayConfig.LAYERS) {
      out.put(layer, new long[] {count(hits.get(layer)), count(misses.get(layer))});
    }
    return out;
  }

  public long singleFlightWaits() {
    return (long) singleFlightWaits.count();
  }

  private Counter counter(String name, String layer) {
    return Counter.builder(name).description("mirror reads answered (hits) or passed on (misses) by a layer")
        .tag("layer", layer).register(registry);
  }

  private static long count(Counter c) {
    return c == null ? 0 : (long) c.count();
  }
}
