package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on 127.0.0.1 that counts requests and can answer slowly, fail, or answer 304 when the
 * client's If-None-Match matches.
 */
final class FakeOrigin {
  enum Mode { OK, FAIL, HANG }

  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  final CopyOnWriteArrayList<MultiMap> seenHeaders = new CopyOnWriteArrayList<>();
  final CopyOnWriteArrayList<String> seenUris = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.OK;
  volatile long delayMillis;
  /** When set, answers wait until it completes: an origin as slow as the test wants, without a clock. */
  volatile Future<Void> gate;
  private final Vertx vertx;
  private HttpServer server;

  FakeOrigin(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<FakeOrigin> start() {
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(0, "127.0.0.1").map(s -> this);
  }

  int port() {
    return server.actualPort();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  static String etagOf(byte[] bytes) {
    return "\"origin-" + java.util.Arrays.hashCode(bytes) + "\"";
  }

  private void handle(HttpServerRequest req) {
    requests.incrementAndGet();
    seenHeaders.add(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
    seenUris.add(req.uri());
    if (mode == Mode.HANG) {
      return;
    }
    Runnable answer = () -> {
      if (mode == Mode.FAIL) {
        req.response().setStatusCode(500).end("boom");
        return;
      }
      String path = req.path().substring(1);
      byte[] body = files.entrySet().stream().filter(e -> path.endsWith(e.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      if (body == null) {
        req.response().setStatusCode(404).end();
        return;
      }
      String etag = etagOf(body);
      if (etag.equals(req.getHeader("if-none-match"))) {
        req.response().setStatusCode(304).putHeader("etag", etag).end();
        return;
      }
      req.response().putHeader("etag", etag).end(Buffer.buffer(body));
    };
    Future<Void> held = gate;
    if (held != null) {
      io.vertx.core.Context context = vertx.getOrCreateContext();
      held.onComplete(v -> context.runOnContext(x -> answer.run()));
    } else if (delayMillis > 0) {
      vertx.setTimer(delayMillis, t -> answer.run());
    } else {
      answer.run();
    }
  }
}
