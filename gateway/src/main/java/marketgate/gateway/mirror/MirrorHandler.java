package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import marketgate.gateway.HttpErrors;

/** {@code GET /data/*} and {@code GET /pages/*}: a mirrored file with validators and provenance headers. */
public final class MirrorHandler {
  private static final CharSequence X_DATA_SOURCE = HttpHeaders.createOptimized("x-data-source");
  private static final CharSequence X_DATA_STALE = HttpHeaders.createOptimized("x-data-stale");
  private static final CharSequence TRUE = HttpHeaders.createOptimized("true");
  private static final CharSequence AGE = HttpHeaders.createOptimized("age");

  private static final String DATA = "/data/";
  private static final String PAGES = "/pages/";

  private final MirrorReader reader;

  public MirrorHandler(MirrorReader reader) {
    this.reader = reader;
  }

  /**
   * The hot path before the router: a GET or HEAD of a plain mirror path whose fresh copy is in memory
   * is answered here, exactly as its route would answer it, without a routing context. Anything
   * else (a miss, an odd path, another route) returns false and goes to the router.
   *
   * @return the route path that answered ({@code /data/} or {@code /pages/}, as its route reports it), or null
   */
  public String tryHot(HttpServerRequest request) {
    HttpMethod method = request.method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return null;
    }
    String raw = request.path();
    // The route templates as vertx-web reports them (Route.getPath() of "/data/*"), so both paths share series.
    String route = raw.startsWith(DATA) ? DATA : raw.startsWith(PAGES) ? PAGES : null;
    if (route == null || !RawPathGuard.isPlainSafe(raw)) {
      return null;
    }
    long now = System.currentTimeMillis();
    CachedFile hot = reader.freshFromMemory(raw.substring(1), now);
    if (hot == null) {
      return null;
    }
    serve(request, hot, now);
    return route;
  }

  public void handle(RoutingContext ctx) {
    String raw = ctx.request().path();
    // The RawPathGuard ran first, so decoding cannot fail here and the path is a safe relative one.
    String path = RawPathGuard.relative(raw);
    long now = System.currentTimeMillis();
    CachedFile hot = reader.freshFromMemory(path, now);
    if (hot != null) {
      serve(ctx.request(), hot, now);
      return;
    }
    reader.read(path).onComplete(ar -> {
      if (ar.succeeded()) {
        serve(ctx.request(), ar.result(), System.currentTimeMillis());
      } else if (ar.cause() instanceof MirrorUnavailableException e) {
        HttpErrors.send(ctx, e.notFound() ? 404 : 503, e.notFound() ? "not found" : "unavailable", e.getMessage());
      } else {
        HttpErrors.send(ctx, 503, "unavailable", String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  private void serve(HttpServerRequest request, CachedFile file, long now) {
    HttpServerResponse response = request.response();
    MultiMap headers = response.headers();
    CachedFile.Headers h = file.headers();
    CachedFile.TimeHeaders.Snapshot time = file.timeHeaders(now);
    headers.add(HttpHeaders.ETAG, h.etag());
    headers.add(HttpHeaders.LAST_MODIFIED, h.lastModified());
    headers.add(HttpHeaders.CACHE_CONTROL, time.cacheControl());
    headers.add(AGE, time.age());
    headers.add(X_DATA_SOURCE, h.source());
    if ("stale".equals(file.source())) {
      headers.add(X_DATA_STALE, TRUE);
    }
    if (notModified(request, file)) {
      response.setStatusCode(304).end();
      return;
    }
    headers.add(HttpHeaders.CONTENT_TYPE, h.contentType());
    if (request.method() == HttpMethod.HEAD) {
      // HEAD: the length GET would send, and no body (curl -I, link checkers, sync tools).
      headers.add(HttpHeaders.CONTENT_LENGTH, String.valueOf(file.body().length()));
      response.end();
      return;
    }
    WireCopy.Lease wire = file.wire().acquire();
    if (wire == null) {
      response.end(file.body()); // not held by the memory layer: Netty copies the heap body out
      return;
    }
    Future<Void> sent;
    try {
      // Large bodies go from the page cache with sendfile(2); the memory copy would cost one more copy.
      sent = wire.file() != null ? CorkedSendfile.send(request, wire.file(), file.size()) : response.end(wire.memory());
    } catch (RuntimeException e) {
      file.wire().release();
      throw e;
    }
    // Netty is done with the bytes when the write completes, written or failed: then they may be freed.
    sent.onComplete(done -> file.wire().release());
  }

  private static boolean notModified(HttpServerRequest req, CachedFile file) {
    MultiMap request = req.headers();
    String ifNoneMatch = request.get(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return etagListMatches(ifNoneMatch, file.etag());
    }
    String ifModifiedSince = request.get(HttpHeaders.IF_MODIFIED_SINCE);
    if (ifModifiedSince != null) {
      try {
        long since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return file.lastModifiedMillis() / 1000 <= since / 1000;
      } catch (RuntimeException unparsable) {
        return false;
      }
    }
    return false;
  }

  /** RFC 9110 weak comparison for If-None-Match: {@code *}, or any listed tag equal ignoring W/. */
  static boolean etagListMatches(String header, String etag) {
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
