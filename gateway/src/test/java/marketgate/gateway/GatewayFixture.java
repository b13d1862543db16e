package marketgate.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.function.Supplier;
import marketgate.shared.config.MarketgateConfig;

/** A gateway on 127.0.0.1:0 over a temporary data directory, and an HTTP client to talk to it. */
public final class GatewayFixture {
  public final Vertx vertx;
  public final Path dataDir;
  public final GatewayVerticle gateway;
  public final HttpClient client;

  private GatewayFixture(Vertx vertx, Path dataDir, GatewayVerticle gateway) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.gateway = gateway;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(600));
  }

  /** Config for tests: loopback, ephemeral port, the given gateway section merged over the defaults. */
  public static MarketgateConfig config(Path dataDir, JsonObject gateway) {
    return MarketgateConfig.defaults().withOverrides(new JsonObject()
        .put("dataDir", dataDir.toString())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("gateway", gateway));
  }

  /** A gateway section with only these layers and one freshness for every path. */
  public static JsonObject layers(int freshnessSeconds, String... layers) {
    return new JsonObject()
        .put("layers", new JsonArray(java.util.List.of(layers)))
        .put("defaultFreshnessSeconds", freshnessSeconds)
        .put("freshness", new JsonObject())
        .put("serverInstances", 2);
  }

  public static Future<GatewayFixture> start(Vertx vertx, Path dataDir, MarketgateConfig config) {
    GatewayVerticle gateway = new GatewayVerticle(config);
    return vertx.deployVerticle(gateway).compose(id -> {
      GatewayFixture fixture = new GatewayFixture(vertx, dataDir, gateway);
      return vertx.deployVerticle(new ClientHolder(fixture.client)).map(holder -> fixture);
    });
  }

  /**
   * Keeps the test's client reachable while Vert.x runs and closes it on the way down. Vert.x's
   * cleaner shuts an unreachable client down with a 30 s grace period; with an SSE stream still
   * open on it, closing Vert.x then waits that out and the test fails on the close timeout.
   */
  private static final class ClientHolder extends VerticleBase {
    private final HttpClient client;

    ClientHolder(HttpClient client) {
      this.client = client;
    }

    @Override
    public Future<?> stop() {
      return client.close();
    }
  }

  public int port() {
    return gateway.actualPort();
  }

  public Future<Reply> get(String uri) {
    return request(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap(), null);
  }

  public Future<Reply> get(String uri, String header, String value) {
    return request(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap().add(header, value), null);
  }

  public Future<Reply> post(String uri, String body) {
    return request(HttpMethod.POST, uri, MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
        Buffer.buffer(body));
  }

  /**
   * Sends from a Vert.x context whatever thread calls, as {@link #onContext} explains: called from
   * the test's own thread, the chain lost part of a body now and then.
   */
  public Future<Reply> request(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port())
        .setURI(uri).setHeaders(headers);
    return onContext(vertx, () -> client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))));
  }

  /**
   * Runs a client chain on an event-loop context. A future's callback runs on the thread that adds
   * it when the future is already complete: from a test's thread, {@code send().compose(body)} could
   * then ask for the body on that thread while the event loop was already delivering it, and the
   * body lost chunks or its end (a cut body, or a request that never completed; 2-3 of 30 fresh
   * JVMs with a 300 KB answer, none of 40 on a context).
   */
  public static <T> Future<T> onContext(Vertx vertx, Supplier<Future<T>> chain) {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> chain.get().onComplete(result));
    return result.future();
  }

  /** An HTTP answer with its body read. */
  public record Reply(int status, MultiMap headers, Buffer body) {
    public String header(String name) {
      return headers.get(name);
    }

    public JsonObject json() {
      return body.toJsonObject();
    }

    public String text() {
      return body.toString();
    }
  }
}
