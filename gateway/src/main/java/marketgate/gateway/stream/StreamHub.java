package marketgate.gateway.stream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import marketgate.gateway.HttpErrors;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.StreamConfig;

/**
 * {@code GET /api/v1/stream}: Server-Sent Events of candle updates, snapshots and alerts.
 *
 * <p>One hub a gateway holds one consumer per bus address and fans each message out to the open
 * streams (not a consumer per client). Each event gets the next id of this gateway and goes into a
 * ring bounded in events and bytes, so a client that reconnects with {@code Last-Event-ID} gets
 * what it missed; when the ring no longer reaches back that far it gets {@code event: reset} and
 * should reload. Ids are assigned, kept and dispatched under one lock, so a resuming client sees
 * every event once and in order.
 */
public final class StreamHub {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamHub.class);

  private final Vertx vertx;
  private final StreamConfig config;
  private final long ringBytes;
  private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<StreamEvent> ring = new ArrayDeque<>();
  private long heldBytes;
  private long nextId = 1;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong droppedSlow = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong resets = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong maxPendingBytes = new AtomicLong();

  public StreamHub(Vertx vertx, StreamConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.ringBytes = config.ringBytes();
  }

  /** Subscribes to the bus and starts the heartbeat; call on the gateway's context. */
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    vertx.setPeriodic(config.heartbeatSeconds() * 1000L, id -> heartbeat());
    vertx.setPeriodic(Addresses.TICKS_UPDATES_DEMAND_LEASE_MILLIS / 3, id -> {
      if (clients.stream().anyMatch(StreamHub::wantsCandles)) {
        demandCandles();
      }
    });
    return Future.all(List.of(
        bus.<JsonObject>consumer(Addresses.TICKS_UPDATES, m -> publish(StreamEvent.CANDLES, m.body())).completion(),
        bus.<JsonObject>consumer(Addresses.SNAPSHOT_PUBLISHED, m -> publish(StreamEvent.SNAPSHOT, snapshot(m.body())))
            .completion(),
        bus.consumer(Addresses.MONITOR_ALERTS, m -> publish(StreamEvent.ALERT, alert("monitor", m))).completion(),
        bus.consumer(Addresses.BOT_WATCH_HITS, m -> publish(StreamEvent.ALERT, alert("scan", m))).completion()));
  }

  private static boolean wantsCandles(StreamClient client) {
    return client.filter.wants(StreamEvent.CANDLES);
  }

  /** Keeps the candle updates running (they stop when no gateway asks, see Addresses#TICKS_UPDATES_DEMAND). */
  private void demandCandles() {
    vertx.eventBus().publish(Addresses.TICKS_UPDATES_DEMAND, null);
  }

  private static JsonObject snapshot(JsonObject body) {
    JsonObject b = body == null ? new JsonObject() : body;
    return new JsonObject().put("time", b.getValue("time"))
        .put("files", b.getJsonArray("files") == null ? 0 : b.getJsonArray("files").size());
  }

  private static JsonObject alert(String source, Message<?> message) {
    Object body = message.body();
    JsonObject data = body instanceof JsonObject json ? json.copy() : new JsonObject().put("message", String.valueOf(body));
    return data.put("source", source);
  }

  /** Adds an event to the ring and sends it to every open stream. */
  void publish(String type, JsonObject data) {
    if (data == null) {
      return;
    }
    synchronized (ring) {
      StreamEvent event = new StreamEvent(nextId++, type, data);
      ring.addLast(event);
      heldBytes += event.weight;
      while (ring.size() > 1 && (ring.size() > config.ringEvents() || heldBytes > ringBytes)) {
        heldBytes -= ring.removeFirst().weight;
      }
      events.incrementAndGet();
      for (StreamClient client : clients) {
        client.context.runOnContext(v -> client.send(event));
      }
    }
  }

  private void heartbeat() {
    for (StreamClient client : clients) {
      client.context.runOnContext(v -> client.write(": heartbeat\n\n"));
    }
  }

  /** The route handler. */
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    StreamFilter filter;
    long lastEventId;
    try {
      filter = StreamFilter.parse(request.getParam("symbols"), request.getParam("intervals"),
          request.getParam("events"), config.maxSymbols());
      lastEventId = lastEventId(request);
    } catch (IllegalArgumentException e) {
      HttpErrors.send(ctx, 400, "bad stream request", e.getMessage());
      return;
    }
    if (open.incrementAndGet() > config.maxClients()) {
      open.decrementAndGet();
      refused.incrementAndGet();
      ctx.response().putHeader("retry-after", String.valueOf(config.retryAfterSeconds()));
      HttpErrors.send(ctx, 503, "too many streams", "this gateway holds " + config.maxClients()
          + " streams; retry in " + config.retryAfterSeconds() + " s or use another gateway");
      return;
    }
    opened.incrementAndGet();
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    Context context = vertx.getOrCreateContext();
    StreamClient client = new StreamClient(this, context, request.connection(), response, filter,
        config.clientQueueBytes());
    response.closeHandler(v -> client.close());
    response.exceptionHandler(e -> client.close());
    client.write("retry: 3000\n\n");
    List<StreamEvent> missed = register(client, lastEventId);
    if (wantsCandles(client)) {
      demandCandles(); // at once: the updates start within one round, not at the next renewal
    }
    if (missed == null) {
      resets.incrementAndGet();
      client.write("event: reset\ndata: {\"reason\": \"events after " + lastEventId
          + " are no longer held; reload and reconnect without Last-Event-ID\"}\n\n");
      missed = List.of();
    }
    for (StreamEvent event : missed) {
      client.send(event);
    }
  }

  /**
   * Adds the client and returns the held events after {@code lastEventId} (empty for a new
   * client), or null when some of them are gone. Under the ring's lock, so nothing published in
   * between is missed or sent twice.
   */
  private List<StreamEvent> register(StreamClient client, long lastEventId) {
    synchronized (ring) {
      long newest = nextId - 1;
      client.startAfter(lastEventId < 0 ? newest : lastEventId);
      clients.add(client);
      if (lastEventId < 0 || lastEventId == newest) {
        return List.of();
      }
      long oldest = ring.isEmpty() ? nextId : ring.peekFirst().id;
      if (lastEventId > newest || lastEventId < oldest - 1) {
        client.startAfter(newest);
        return null;
      }
      List<StreamEvent> missed = new ArrayList<>();
      for (StreamEvent event : ring) {
        if (event.id > lastEventId) {
          missed.add(event);
        }
      }
      return missed;
    }
  }

  private static long lastEventId(HttpServerRequest request) {
    String header = request.getHeader("last-event-id");
    if (header == null) {
      header = request.getParam("lastEventId");
    }
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      long id = Long.parseLong(header.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Last-Event-ID must be an event id this gateway sent, got '" + header + "'");
    }
  }

  void notePending(long bytes) {
    maxPendingBytes.accumulateAndGet(bytes, Math::max);
  }

  void dropped(StreamClient client) {
    droppedSlow.incrementAndGet();
    LOG.info("dropped a slow stream client ({} bytes waiting)", client.pendingBytes());
    closed(client);
  }

  void closed(StreamClient client) {
    if (clients.remove(client)) {
      open.decrementAndGet();
    }
  }

  /** Counters for /status and tests. */
  public JsonObject stats() {
    int held;
    long bytes;
    synchronized (ring) {
      held = ring.size();
      bytes = heldBytes;
    }
    return new JsonObject()
        .put("clients", open.get())
        .put("max_clients", config.maxClients())
        .put("opened", opened.get())
        .put("dropped_slow", droppedSlow.get())
        .put("refused", refused.get())
        .put("resets", resets.get())
        .put("events", events.get())
        .put("ring_events", held)
        .put("ring_bytes", bytes)
        .put("client_queue_bytes", config.clientQueueBytes())
        .put("max_pending_bytes", maxPendingBytes.get());
  }
}
