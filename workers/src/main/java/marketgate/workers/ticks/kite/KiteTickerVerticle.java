package marketgate.workers.ticks.kite;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Codecs;
import marketgate.shared.config.KiteConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.workers.ticks.TickIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kite ticker connection: subscribes the universe, turns every binary frame into one {@link
 * TickBatch} sent to {@link Addresses#TICKS_IN}, and keeps the connection alive: no frame at all
 * (Kite sends a heartbeat every second) for {@code kite.heartbeatTimeoutSeconds} means dead; any
 * loss reconnects after a capped exponential backoff (1 s doubling to {@code
 * kite.maxBackoffSeconds}, with jitter) and subscribes again. Malformed frames and Kite's text
 * errors are counted and logged; they never close the connection. When the candle engine has
 * {@code ticks.maxInFlightBatches} batches unacknowledged, the socket is paused (TCP pushes back on
 * Kite) until one is, rather than frames piling up in memory ({@link TickIntake}).
 *
 * <p>Counters: {@link #status()}, also on the bus at {@link Addresses#TICKS_SOURCE_STATUS}. A
 * deployment succeeds once the status address is up; the first connection is made in the
 * background, so a Kite outage at start-up does not stop the node.
 */
public final class KiteTickerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(KiteTickerVerticle.class);

  /** Tokens per subscribe/mode message. */
  public static final int SUBSCRIBE_BATCH = 3000;
  /** A full-mode frame of 3,000 instruments is ~560 kB, far over Vert.x's 64 kB default. */
  private static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
  private static final long INITIAL_BACKOFF_MILLIS = 1000;
  /** Smallest wire size of a packet (2-byte length + 8-byte ltp): caps a batch a garbage count asks for. */
  private static final int MIN_PACKET_BYTES = 10;

  private final KiteConfig config;
  private final Secrets secrets;
  private final List<Integer> tokens;
  private final KitePacketDecoder decoder = new KitePacketDecoder();
  private final Backoff backoff;
  private final TickBatch scratch = new TickBatch(1);
  private final int maxInFlight;
  private TickIntake intake;
  /** The socket is paused until the engine acknowledges a batch; silence then is not death. */
  private boolean paused;

  private WebSocketClient client;
  private WebSocket socket;
  /** Identifies the current connection; handlers of a replaced one see a different value. */
  private long generation;
  private boolean stopping;
  private boolean connected;
  private boolean healthySinceConnect;
  private long reconnectTimer = -1;
  private long watchdogTimer = -1;

  private long connects;
  private long reconnects;
  private long heartbeatTimeouts;
  private long ticks;
  private long batchesSent;
  private long textFrames;
  private long errors;
  private long lastFrameMillis;
  private String lastError;

  public KiteTickerVerticle(KiteConfig config, Secrets secrets, Universe universe) {
    this(config, secrets, universe, new Random());
  }

  /** With a seeded random for the backoff jitter. */
  public KiteTickerVerticle(KiteConfig config, Secrets secrets, Universe universe, Random jitter) {
    this(config, secrets, universe, jitter, TickIntake.DEFAULT_MAX_IN_FLIGHT);
  }

  /** @param maxInFlight {@code ticks.maxInFlightBatches} */
  public KiteTickerVerticle(KiteConfig config, Secrets secrets, Universe universe, Random jitter, int maxInFlight) {
    this.maxInFlight = maxInFlight;
    this.config = config;
    this.secrets = secrets;
    this.tokens = universe.instruments().stream().map(Instrument::token).toList();
    this.backoff = new Backoff(INITIAL_BACKOFF_MILLIS, config.maxBackoffSeconds() * 1000L, jitter);
  }

  @Override
  public Future<?> start() {
    if (!secrets.has(Secrets.KITE_API_KEY) || !secrets.has(Secrets.KITE_ACCESS_TOKEN)) {
      return Future.failedFuture(new IllegalStateException(
          "ticks.source=kite needs the environment variables " + Secrets.KITE_API_KEY + " and "
              + Secrets.KITE_ACCESS_TOKEN));
    }
    if (tokens.isEmpty()) {
      LOG.warn("Kite ticker: the universe is empty, nothing will be subscribed (set kite.instrumentsFile)");
    }
    Codecs.register(vertx);
    intake = new TickIntake(vertx, maxInFlight);
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_MESSAGE_BYTES)
        .setMaxMessageSize(MAX_MESSAGE_BYTES)
        .setConnectTimeout(10_000));
    MessageConsumer<JsonObject> statusConsumer =
        vertx.eventBus().consumer(Addresses.TICKS_SOURCE_STATUS, message -> message.reply(status()));
    long timeoutMillis = config.heartbeatTimeoutSeconds() * 1000L;
    watchdogTimer = vertx.setPeriodic(Math.min(1000, timeoutMillis / 2), id -> checkHeartbeat(timeoutMillis));
    connect();
    return statusConsumer.completion();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(reconnectTimer);
    vertx.cancelTimer(watchdogTimer);
    Future<Void> closeSocket = socket == null ? Future.succeededFuture() : socket.close().recover(e -> Future.succeededFuture());
    return closeSocket.eventually(() -> client.close());
  }

  private void connect() {
    reconnectTimer = -1;
    if (stopping) {
      return;
    }
    long attempt = ++generation;
    client.connect(new WebSocketConnectOptions().setAbsoluteURI(connectUri())).onComplete(ar -> {
      if (stopping || attempt != generation) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        lastError = "connect: " + redact(String.valueOf(ar.cause().getMessage()));
        LOG.warn("Kite ticker: {} ({})", lastError, config.url());
        scheduleReconnect();
      } else {
        onConnected(ar.result(), attempt);
      }
    });
  }

  private void onConnected(WebSocket ws, long attempt) {
    socket = ws;
    paused = false;
    connected = true;
    healthySinceConnect = false;
    connects++;
    lastFrameMillis = System.currentTimeMillis();
    ws.binaryMessageHandler(this::onBinary);
    ws.textMessageHandler(this::onText);
    ws.exceptionHandler(e -> lastError = "socket: " + redact(String.valueOf(e.getMessage())));
    ws.closeHandler(v -> onLost(attempt, "closed by the server"));
    List<String> messages = KiteSubscribeMessages.build(tokens, config.mode(), SUBSCRIBE_BATCH);
    for (String message : messages) {
      ws.writeTextMessage(message);
    }
    LOG.info("Kite ticker connected to {}, subscribed {} tokens in {} mode", config.url(), tokens.size(),
        config.mode());
  }

  private void onBinary(Buffer frame) {
    long now = System.currentTimeMillis();
    lastFrameMillis = now;
    if (!healthySinceConnect) {
      // Only a connection that delivers data resets the backoff; one that is accepted and then
      // dropped at once (a revoked token) must keep backing off.
      healthySinceConnect = true;
      backoff.reset();
    }
    int capacity = Math.min(KitePacketDecoder.declaredCount(frame), frame.length() / MIN_PACKET_BYTES);
    if (capacity == 0) {
      decoder.decode(frame, now, scratch); // a heartbeat or garbage: counted, nothing to send
      return;
    }
    TickBatch batch = new TickBatch(capacity);
    int n = decoder.decode(frame, now, batch);
    if (n > 0) {
      ticks += n;
      batchesSent++;
      if (!intake.send(batch)) {
        pauseUntilCredit();
      }
    }
  }

  private void pauseUntilCredit() {
    WebSocket ws = socket;
    if (ws == null || paused) {
      return;
    }
    paused = true;
    intake.overflow(0);
    ws.pause();
    intake.whenCredit(() -> {
      if (socket == ws) {
        paused = false;
        lastFrameMillis = System.currentTimeMillis();
        ws.resume();
      }
    });
  }

  private void onText(String text) {
    textFrames++;
    lastFrameMillis = System.currentTimeMillis();
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException e) {
      LOG.warn("Kite ticker: unreadable text frame: {}", abbreviate(text));
      return;
    }
    String type = json.getString("type", "");
    if ("error".equals(type)) {
      errors++;
      lastError = "kite: " + json.getValue("data");
      LOG.warn("Kite ticker error: {}", json.getValue("data"));
    } else if ("order".equals(type)) {
      LOG.info("Kite order update: {}", abbreviate(text));
    } else {
      LOG.debug("Kite ticker message: {}", abbreviate(text));
    }
  }

  private void checkHeartbeat(long timeoutMillis) {
    if (connected && !paused && System.currentTimeMillis() - lastFrameMillis > timeoutMillis) {
      heartbeatTimeouts++;
      lastError = "no data for " + timeoutMillis / 1000 + " s";
      WebSocket dead = socket;
      onLost(generation, lastError);
      if (dead != null) {
        dead.close(); // its close handler belongs to an old generation and is ignored
      }
    }
  }

  private void onLost(long attempt, String reason) {
    if (stopping || attempt != generation) {
      return;
    }
    generation++;
    connected = false;
    socket = null;
    LOG.warn("Kite ticker connection lost: {}", reason);
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (stopping || reconnectTimer != -1) {
      return;
    }
    reconnects++;
    long delay = backoff.nextDelayMillis();
    LOG.info("Kite ticker reconnecting in {} ms", delay);
    reconnectTimer = vertx.setTimer(delay, id -> connect());
  }

  private String connectUri() {
    String separator = config.url().contains("?") ? "&" : "?";
    return config.url() + separator
        + "api_key=" + URLEncoder.encode(secrets.get(Secrets.KITE_API_KEY).orElseThrow(), StandardCharsets.UTF_8)
        + "&access_token=" + URLEncoder.encode(secrets.get(Secrets.KITE_ACCESS_TOKEN).orElseThrow(), StandardCharsets.UTF_8);
  }

  /** Error messages may echo the request URI; the access token must never reach a log. */
  private String redact(String message) {
    String out = message;
    for (String name : new String[] {Secrets.KITE_ACCESS_TOKEN, Secrets.KITE_API_KEY}) {
      String value = secrets.get(name).orElse(null);
      if (value != null && !value.isEmpty()) {
        out = out.replace(value, "***");
      }
    }
    return out;
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  /**
   * The connection's counters. Read it on this verticle's context (or ask {@link
   * Addresses#TICKS_SOURCE_STATUS}); the fields are plain, not volatile.
   */
  public JsonObject status() {
    return new JsonObject()
        .put("source", "kite")
        .put("url", config.url())
        .put("mode", config.mode())
        .put("subscribed", tokens.size())
        .put("connected", connected)
        .put("connects", connects)
        .put("reconnects", reconnects)
        .put("heartbeat_timeouts", heartbeatTimeouts)
        .put("frames", decoder.frames())
        .put("heartbeats", decoder.heartbeats())
        .put("packets", decoder.packets())
        .put("ticks", ticks)
        .put("batches", batchesSent)
        .put("malformed", decoder.malformedJson())
        .put("malformed_total", decoder.malformedTotal())
        .put("text_frames", textFrames)
        .put("paused", paused)
        .put("intake", intake == null ? null : intake.toJson())
        .put("errors", errors)
        .put("last_frame_time", lastFrameMillis == 0 ? null : Instant.ofEpochMilli(lastFrameMillis).toString())
        .put("last_error", lastError);
  }
}
