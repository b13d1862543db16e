package marketgate.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;
import marketgate.gateway.api.AlertsApi;
import marketgate.gateway.api.ApiTokenAuth;
import marketgate.gateway.api.LiveApi;
import marketgate.gateway.api.ScansApi;
import marketgate.gateway.jobs.JobsApi;
import marketgate.gateway.jobs.JobsSweeper;
import marketgate.gateway.dashboard.Dashboard;
import marketgate.gateway.mirror.Mirror;
import marketgate.gateway.mirror.MirrorHandler;
import marketgate.gateway.mirror.RawPathGuard;
import marketgate.gateway.ops.ConnectionGuard;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.gateway.ops.HttpServerMetrics;
import marketgate.gateway.ops.MonitorGauges;
import marketgate.gateway.ops.OpenApiDocument;
import marketgate.gateway.ops.Readiness;
import marketgate.gateway.ops.StatusHandler;
import marketgate.gateway.stream.StreamHub;
import marketgate.gateway.webhooks.DriveWebhookHandler;
import marketgate.gateway.webhooks.TelegramWebhookHandler;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.GatewayConfig;
import marketgate.shared.config.HttpConfig;
import marketgate.shared.config.MarketgateConfig;

/**
 * The HTTP face of marketgate: the data mirror, the live API, scans and operations, on one port.
 *
 * <p>The routes are served by {@code gateway.serverInstances} event loops sharing the port (one per
 * core by default), all over the same mirror, so the memory layer is held once.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatewayVerticle.class);
  private final MarketgateConfig config;
  private final Supplier<Boolean> clusterJoined;
  private Mirror mirror;
  private Router router;
  private GatewayMetrics metrics;
  private ConnectionGuard guard;
  private HttpServerMetrics httpMetrics;
  private JobsApi jobs;
  private StreamHub streams;
  private volatile int actualPort = -1;

  public GatewayVerticle(MarketgateConfig config) {
    this(config, null);
  }

  /** @param clusterJoined in cluster mode, says whether this node has joined (for /health/ready) */
  public GatewayVerticle(MarketgateConfig config, Supplier<Boolean> clusterJoined) {
    this.config = config;
    this.clusterJoined = clusterJoined;
  }

  @Override
  public Future<?> start() {
    metrics = GatewayMetrics.create();
    Codecs.register(vertx); // the candle updates arrive with their own codec
    return Mirror.create(vertx, config, metrics)
        .compose(m -> {
          mirror = m;
          return mirror.start();
        })
        .compose(v -> {
          streams = new StreamHub(vertx, config.stream());
          return streams.start();
        })
        .compose(v -> {
          router = routes();
          sweepJobs();
          return MonitorGauges.listen(vertx, metrics.registry());
        })
        .compose(v -> {
          HttpServerOptions options = serverOptions(config.http());
          guard = new ConnectionGuard(config.http(), metrics.registry());
          guard.start(vertx);
          Handler<HttpServerRequest> requests = requests();
          return server(vertx, options, guard, requests).listen()
              .compose(server -> {
                actualPort = server.actualPort();
                return moreEventLoops(requests, options);
              });
        });
  }

  @Override
  public Future<?> stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    return super.stop();
  }

  /** The port the server listens on (useful with port 0); -1 before start completes. */
  public int actualPort() {
    return actualPort;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** The route table (for the test that keeps /openapi.yaml true). */
  public Router router() {
    return router;
  }

  /** The live stream's hub (its counters, for tests and /status). */
  public StreamHub streams() {
    return streams;
  }

  public Mirror mirror() {
    return mirror;
  }

  /** Jobs of nodes that left the cluster are failed, surplus records dropped (timer ends with the verticle). */
  private void sweepJobs() {
    JobsSweeper sweeper = new JobsSweeper(vertx, config.jobs(), jobs.records());
    vertx.setPeriodic(config.jobs().sweepSeconds() * 1000L, t -> sweeper.sweep()
        .onFailure(e -> LOG.warn("sweeping job records failed: {}", e.getMessage())));
  }

  /** Every route of the gateway, in one table. */
  Router routes() {
    GatewayConfig gw = config.gateway();
    MirrorHandler data = mirror.handler();
    LiveApi api = new LiveApi(vertx, gw.busTimeoutMillis());
    ScansApi scans = new ScansApi(vertx, config.scans().timeoutMillis());
    AlertsApi alerts = new AlertsApi(vertx, gw.busTimeoutMillis());
    StatusHandler status = new StatusHandler(vertx, Math.min(1000, gw.busTimeoutMillis()), metrics,
        mirror.memory(), mirror.reader()).withStreams(streams::stats);
    OpenApiDocument openApi = new OpenApiDocument();
    Dashboard dashboard = new Dashboard();
    DriveWebhookHandler drive = new DriveWebhookHandler(vertx, config.secrets());
    TelegramWebhookHandler telegram = new TelegramWebhookHandler(vertx, config.secrets(), metrics.registry());
    if (!telegram.authenticated()) {
      LOG.info("TELEGRAM_WEBHOOK_SECRET is not set: POST /webhooks/telegram takes updates without a secret header");
    }
    ApiTokenAuth apiToken = new ApiTokenAuth(config.secrets());
    ApiTokenAuth jobsToken = ApiTokenAuth.required(config.secrets());
    jobs = new JobsApi(vertx, config.jobs());
    if (!apiToken.enabled()) {
      LOG.info("MARKETGATE_API_TOKEN is not set: POST /api/v1/scans is open to anyone who can reach this port"
          + " and the jobs API (/api/v1/jobs) is off");
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes());
    Supplier<Boolean> joined = config.cluster().enabled() ? (clusterJoined != null ? clusterJoined : () -> false) : null;

    httpMetrics = new HttpServerMetrics(metrics.registry());
    Router router = Router.router(vertx);
    router.route().handler(httpMetrics);
    router.route().handler(new RawPathGuard());
    router.get("/data/*").handler(data::handle);
    router.get("/pages/*").handler(data::handle);
    router.head("/data/*").handler(data::handle);
    router.head("/pages/*").handler(data::handle);
    router.get("/api/v1/instruments").handler(api::instruments);
    router.get("/api/v1/candles/:symbol").handler(api::candles);
    router.get("/api/v1/ticks/:symbol").handler(api::latestTick);
    router.get("/api/v1/stream").handler(streams::handle);
    // Tokens are checked before the body handler: an unauthenticated body is never read.
    router.post("/api/v1/scans").handler(apiToken).handler(body).handler(scans::run);
    router.get("/api/v1/scans/menu").handler(scans::menu);
    router.get("/api/v1/scans/:id").handler(scans::result);
    router.get("/api/v1/alerts").handler(alerts::list);
    router.get("/api/v1/universes").handler(scans::universes);
    router.post("/api/v1/jobs").handler(jobsToken).handler(body).handler(jobs::submit);
    router.get("/api/v1/jobs").handler(jobsToken).handler(jobs::list);
    router.get("/api/v1/jobs/:id").handler(jobsToken).handler(jobs::get);
    router.delete("/api/v1/jobs/:id").handler(jobsToken).handler(jobs::cancel);
    router.post("/webhooks/drive").handler(drive);
    router.post("/webhooks/telegram").handler(telegram.secretCheck()).handler(body).handler(telegram::accept).failureHandler(telegram::failed);
    router.get("/status").handler(status::handle);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(Readiness.liveness(vertx)));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(
        Readiness.readiness(vertx, Math.min(1000, gw.busTimeoutMillis()), joined)));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    router.get("/openapi.yaml").handler(openApi::handle);
    router.get("/").handler(dashboard::index);
    router.get("/dashboard/vendor/*").handler(Dashboard.vendor());
    router.get("/dashboard/*").handler(Dashboard.assets());

    router.errorHandler(404, ctx -> HttpErrors.send(ctx, 404, "not found", "no route for " + ctx.request().path()
        + "; see /openapi.yaml"));
    router.errorHandler(405, ctx -> HttpErrors.send(ctx, 405, "method not allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(413, ctx -> HttpErrors.send(ctx, 413, "body too large",
        "request bodies are limited to " + config.http().maxBodyBytes() + " bytes"));
    router.errorHandler(500, GatewayVerticle::internalError);
    return router;
  }

  /** The client gets an id to quote, never the exception (it may name paths, hosts or data); the log gets both. */
  private static void internalError(RoutingContext ctx) {
    String id = java.util.UUID.randomUUID().toString();
    LOG.error("internal error id {} on {} {}", id, ctx.request().method(), ctx.request().path(), ctx.failure());
    ctx.response().putHeader("x-request-id", id);
    HttpErrors.send(ctx, 500, "internal error", "the gateway failed on this request; its log has the cause under id " + id);
  }

  static HttpServerOptions serverOptions(HttpConfig http) {
    return new HttpServerOptions()
        .setHost(http.host())
        // A negative port is Vert.x's "random port shared by every server of this address": port 0
        // would give each event loop's server a different port.
        .setPort(http.port() == 0 ? -1 : http.port())
        .setMaxHeaderSize(http.maxHeaderSize())
        .setMaxInitialLineLength(http.maxInitialLineLength())
        // .gz files are served as stored; compressing JSON on the fly would cost more CPU than it saves here.
        .setCompressionSupported(false)
        .setTcpNoDelay(true)
        // No h2c: its protocol sniffing creates the HTTP connection only once bytes arrive, so a client
        // that connects and sends nothing would escape the header timeout and the connection cap.
        .setHttp2ClearTextEnabled(false)
        // No WebSocket endpoints (the live stream is SSE): without these, every connection's pipeline
        // carries a WebSocket extension handler that each request and response passes through.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // The backstop for a transfer that stops mid-request; between requests ConnectionGuard is stricter.
        .setIdleTimeout(http.idleTimeoutSeconds() + http.headerTimeoutSeconds());
  }

  /** One HTTP server of the gateway: guarded connections, JSON for requests Vert.x refuses before routing. */
  static HttpServer server(io.vertx.core.Vertx vertx, HttpServerOptions options, ConnectionGuard guard,
      Handler<HttpServerRequest> requests) {
    return guard.guard(vertx.createHttpServer(options), requests).invalidRequestHandler(HttpErrors::invalidRequest);
  }

  /**
   * The router, behind the mirror's hot path: a fresh copy in memory is answered without a routing
   * context (the same answer and the same metrics series as its route), which is most requests.
   */
  private Handler<HttpServerRequest> requests() {
    MirrorHandler data = mirror.handler();
    Router all = router;
    HttpServerMetrics timers = httpMetrics;
    return request -> {
      long start = System.nanoTime();
      String route = data.tryHot(request);
      if (route == null) {
        all.handle(request);
      } else {
        timers.record(route, request.method(), request.response().getStatusCode(), System.nanoTime() - start);
      }
    };
  }

  /** Extra servers on other event loops; Vert.x shares the port between them. */
  private Future<?> moreEventLoops(Handler<HttpServerRequest> requests, HttpServerOptions options) {
    int instances = config.gateway().serverInstances() > 0
        ? config.gateway().serverInstances()
        : Runtime.getRuntime().availableProcessors();
    if (instances <= 1) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(() -> new ServerVerticle(requests, options, guard),
        new DeploymentOptions().setInstances(instances - 1));
  }

  /** One more HTTP server over the same router, on its own event loop. */
  static final class ServerVerticle extends VerticleBase {
    private final Handler<HttpServerRequest> requests;
    private final HttpServerOptions options;
    private final ConnectionGuard guard;

    ServerVerticle(Handler<HttpServerRequest> requests, HttpServerOptions options, ConnectionGuard guard) {
      this.requests = requests;
      this.options = options;
      this.guard = guard;
    }

    @Override
    public Future<?> start() {
      return server(vertx, options, guard, requests).listen();
    }
  }
}
