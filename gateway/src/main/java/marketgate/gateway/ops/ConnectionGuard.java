package marketgate.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.config.HttpConfig;

/**
 * Bounds what clients can hold: at most {@code http.maxConnections} open connections (past it a new
 * one is closed at once), a request's headers within {@code http.headerTimeoutSeconds} of the
 * connection opening (slowloris), and a keep-alive connection idle at most
 * {@code http.idleTimeoutSeconds} between requests. Vert.x's own idle timeout (idle + header) is the
 * backstop for a transfer that stops moving mid-request.
 *
 * <p>Deadlines are checked by one sweep a fraction of the shortest timeout apart, so a request costs
 * one map lookup and two field writes, not a timer.
 */
public final class ConnectionGuard {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectionGuard.class);

  /** One open connection: when it opened, and the response of its newest request. */
  private static final class Tracked {
    final long openedNanos = System.nanoTime();
    volatile HttpServerResponse current;
    HttpServerResponse idleFrom;
    long idleSinceNanos;
  }

  private final int maxConnections;
  private final long headerNanos;
  private final long idleNanos;
  private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Counter rejected;
  private final Counter headerTimeouts;
  private final Counter idleTimeouts;

  public ConnectionGuard(HttpConfig http, MeterRegistry registry) {
    this.maxConnections = http.maxConnections();
    this.headerNanos = TimeUnit.SECONDS.toNanos(http.headerTimeoutSeconds());
    this.idleNanos = TimeUnit.SECONDS.toNanos(http.idleTimeoutSeconds());
    this.rejected = Counter.builder("marketgate_http_connections_rejected")
        .description("connections closed at once because http.maxConnections were open").register(registry);
    this.headerTimeouts = timeouts(registry, "header");
    this.idleTimeouts = timeouts(registry, "idle");
    Gauge.builder("marketgate_http_connections_open", count, AtomicInteger::get)
        .description("open HTTP connections").register(registry);
  }

  private static Counter timeouts(MeterRegistry registry, String kind) {
    return Counter.builder("marketgate_http_connection_timeouts")
        .description("connections closed for sending no complete request in time (header) or idling too long (idle)")
        .tag("kind", kind).register(registry);
  }

  /** Starts the sweep on the caller's context. */
  public void start(Vertx vertx) {
    long every = Math.max(100, TimeUnit.NANOSECONDS.toMillis(Math.min(headerNanos, idleNanos)) / 4);
    vertx.setPeriodic(every, id -> sweep());
  }

  /** Guards {@code server} and hands its requests to {@code requests}. */
  public HttpServer guard(HttpServer server, Handler<HttpServerRequest> requests) {
    return server.connectionHandler(this::opened).requestHandler(req -> {
      Tracked tracked = open.get(req.connection());
      if (tracked != null) {
        tracked.current = req.response();
      }
      requests.handle(req);
    });
  }

  private void opened(HttpConnection connection) {
    if (count.incrementAndGet() > maxConnections) {
      count.decrementAndGet();
      rejected.increment();
      connection.close();
      return;
    }
    open.put(connection, new Tracked());
    connection.closeHandler(v -> {
      if (open.remove(connection) != null) {
        count.decrementAndGet();
      }
    });
  }

  private void sweep() {
    long now = System.nanoTime();
    open.forEach((connection, tracked) -> {
      HttpServerResponse current = tracked.current;
      if (current == null) {
        if (now - tracked.openedNanos > headerNanos) {
          close(connection, headerTimeouts, "header");
        }
      } else if (current.ended()) {
        if (tracked.idleFrom != current) {
          tracked.idleFrom = current;
          tracked.idleSinceNanos = now;
        } else if (now - tracked.idleSinceNanos > idleNanos) {
          close(connection, idleTimeouts, "idle");
        }
      }
    });
  }

  private void close(HttpConnection connection, Counter counter, String kind) {
    if (open.remove(connection) != null) {
      count.decrementAndGet();
      counter.increment();
      LOG.debug("closing connection from {}: {} timeout", connection.remoteAddress(), kind);
      connection.close();
    }
  }

  public int openConnections() {
    return count.get();
  }
}
