package marketgate.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import marketgate.gateway.mirror.MemoryLayer;
import marketgate.gateway.mirror.MirrorReader;
import marketgate.shared.bus.Addresses;
import marketgate.shared.cluster.ClusterView;

/**
 * {@code GET /status}: every pipeline asked in parallel with a short timeout; one that does not
 * answer is reported "not running" rather than holding up the page.
 */
public final class StatusHandler {
  static final Map<String, String> PIPELINES = new LinkedHashMap<>();

  static {
    PIPELINES.put("ticks", Addresses.TICKS_STATS);
    PIPELINES.put("publish", Addresses.PUBLISH_STATUS);
    PIPELINES.put("scans", Addresses.SCANS_STATUS);
    PIPELINES.put("bot", Addresses.BOT_STATUS);
    PIPELINES.put("bluedot", Addresses.BLUEDOT_STATUS);
    PIPELINES.put("monitor", Addresses.MONITOR_STATUS);
  }

  /** Which node runs each pipeline, for the reason a person reads when nothing answers. */
  static final Map<String, String> RUNS_ON = Map.of(
      "ticks", "a node with the ticks role",
      "publish", "a node with the publish role (beside ticks)",
      "scans", "a node with the scans role",
      "bot", "a node with the bot role",
      "bluedot", "a node with the bluedot role and bluedot.folderId set (`job bluedot` converts folders without it)",
      "monitor", "a node with the monitor role");

  private final Vertx vertx;
  private final DeliveryOptions options;
  private final GatewayMetrics metrics;
  private final MemoryLayer memory;
  private final MirrorReader reader;
  private java.util.function.Supplier<JsonObject> streamStats;

  public StatusHandler(Vertx vertx, long timeoutMillis, GatewayMetrics metrics, MemoryLayer memory, MirrorReader reader) {
    this.vertx = vertx;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.metrics = metrics;
    this.memory = memory;
    this.reader = reader;
  }

  public void handle(RoutingContext ctx) {
    List<String> names = new ArrayList<>(PIPELINES.keySet());
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String name : names) {
      answers.add(vertx.eventBus().<Object>request(PIPELINES.get(name), new JsonObject(), options)
          .map(m -> new JsonObject().put("state", "running").put("details", m.body()))
          .otherwise(err -> new JsonObject().put("state", "not running").put("reason", reason(name, err))));
    }
    Future<JsonObject> cluster = ClusterView.of(vertx).describe()
        .otherwise(err -> new JsonObject().put("error", String.valueOf(err.getMessage())));
    Future.join(Future.join(answers), cluster).onComplete(done -> {
      JsonObject pipelines = new JsonObject();
      for (int i = 0; i < names.size(); i++) {
        pipelines.put(names.get(i), answers.get(i).result());
      }
      JsonObject status = new JsonObject()
          .put("time", Instant.now().toString())
          .put("pipelines", pipelines)
          .put("cluster", cluster.result())
          .put("gateway", gatewayCounters());
      if (prefersHtml(ctx)) {
        ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-store")
            .end(StatusPage.render(status));
      } else {
        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
            .end(status.encodePrettily());
      }
    });
  }

  /** Why a pipeline did not answer, for a person: nothing runs it, it did not answer in time, or its own reason. */
  String reason(String name, Throwable err) {
    if (err instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return "nothing runs it in this " + (vertx.isClustered() ? "cluster" : "node") + "; it runs on "
            + RUNS_ON.getOrDefault(name, "its worker");
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return "no answer within " + options.getSendTimeout() + " ms";
      }
    }
    return String.valueOf(err.getMessage());
  }

  /** Adds the live stream's counters (clients, drops, refusals) to {@code gateway.streams}. */
  public StatusHandler withStreams(java.util.function.Supplier<JsonObject> streamStats) {
    this.streamStats = streamStats;
    return this;
  }

  private JsonObject gatewayCounters() {
    JsonObject layers = new JsonObject();
    metrics.cacheCounts().forEach((layer, counts) ->
        layers.put(layer, new JsonObject().put("hits", counts[0]).put("misses", counts[1])));
    return new JsonObject()
        .put("memory", new JsonObject().put("entries", memory.entries()).put("bytes", memory.bytes()))
        .put("disk", new JsonObject(new LinkedHashMap<>(metrics.diskCacheCounts())))
        .put("layers", layers)
        .put("singleFlightWaits", metrics.singleFlightWaits())
        .put("inFlight", reader.inFlight())
        .put("streams", streamStats == null ? null : streamStats.get());
  }

  /** HTML only when the client ranks text/html above JSON (browsers), so curl and scripts get JSON. */
  static boolean prefersHtml(RoutingContext ctx) {
    return ctx.parsedHeaders().accept().stream()
        .filter(a -> a.value().equals("text/html") || a.value().equals("application/json"))
        .findFirst()
        .map(a -> a.value().equals("text/html"))
        .orElse(false);
  }
}
