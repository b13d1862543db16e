package marketgate.gateway.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request count and latency by route template, method and status, as
 * {@code marketgate_http_server_requests_seconds{route,method,code}}.
 *
 * <p>Why not Vert.x's own HTTP server metrics: they build tag sets and look meters up several times
 * a request (timer, bytes in, bytes out, active requests), which cost the mirror about a quarter of
 * its requests a second on 1 KB files. Here one timer is resolved once per (route, method, code)
 * and a request costs two clock reads and one record.
 */
public final class HttpServerMetrics implements Handler<RoutingContext> {
  private static final String UNMATCHED = "unmatched";

  private final MeterRegistry registry;
  private final Map<Object, Map<Integer, Timer>> timers = new ConcurrentHashMap<>();

  public HttpServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      Route route = ctx.currentRoute();
      timer(route, ctx).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    });
    ctx.next();
  }

  private Timer timer(Route route, RoutingContext ctx) {
    Object key = route == null ? UNMATCHED : route;
    int code = ctx.response().getStatusCode();
    return timers.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(code, c -> Timer.builder("marketgate_http_server_requests")
            .description("HTTP requests by route template, method and status")
            .tag("route", route == null || route.getPath() == null ? UNMATCHED : route.getPath())
            .tag("method", ctx.request().method().name())
            .tag("code", String.valueOf(c))
            .register(registry));
  }
}
