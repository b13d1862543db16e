package marketgate.workers.scans;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.ScansConfig;
import marketgate.shared.model.DailyHistory;
import marketgate.shared.model.DailySeries;
import marketgate.shared.time.MarketClock;
import marketgate.workers.scans.indicators.IndicatorCache;
import marketgate.workers.scans.rules.Gates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan worker on the bus: {@code scans.run} parses a code, loads history and computes on a
 * bounded worker pool (so scans never block the event loop or wait for each other), merges today's
 * live day candles during market hours, and keeps recent results for {@code scans.result}.
 */
public final class ScanVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ScanVerticle.class);
  /** How long a scan waits for the ticks engine's day candles before scanning history alone. */
  static final long LIVE_TIMEOUT_MILLIS = 1_000;

  private final MarketgateConfig config;
  private final Clock clock;
  private final HistoryCache history;
  private final ScanCodeParser parser = new ScanCodeParser();
  private final ScanEngine engine;
  /** Touched on the event loop only. */
  private final Map<String, JsonObject> recent;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong badCodes = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong liveRuns = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastTookMillis = -1;
  private volatile LocalDate lastDataDate;
  private volatile MarketClock marketClock;
  private volatile Universes universes;
  private WorkerExecutor workers;

  private record LiveDay(LocalDate date, Map<String, DayCandle> candles) {}

  public ScanVerticle(MarketgateConfig config, DailyHistory history) {
    this(config, history, Clock.systemUTC());
  }

  /** @param clock decides whether the market is open (tests pin it) */
  public ScanVerticle(MarketgateConfig config, DailyHistory history, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.history = new HistoryCache(history);
    this.engine = new ScanEngine(Gates.from(config.scans()), new IndicatorCache());
    int keep = config.scans().recentResults();
    this.recent = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
        return size() > keep;
      }
    };
  }

  @Override
  public Future<?> start() {
    ScansConfig scans = config.scans();
    workers = vertx.createSharedWorkerExecutor("scans", scans.workerThreads());
    Future<Void> loaded = workers.executeBlocking(() -> {
      universes = Universes.load(scans.universesDir());
      marketClock = MarketClock.forHolidayFile(config.market().holidaysFile());
      return null;
    });
    // Consumers only after the universes are loaded: a request must never see them missing.
    return loaded.compose(v -> {
      MessageConsumer<JsonObject> run = vertx.eventBus().consumer(Addresses.SCANS_RUN, this::run);
      MessageConsumer<JsonObject> result = vertx.eventBus().consumer(Addresses.SCANS_RESULT, this::result);
      MessageConsumer<JsonObject> status = vertx.eventBus().consumer(Addresses.SCANS_STATUS, this::status);
      MessageConsumer<JsonObject> menu = vertx.eventBus().consumer(Addresses.SCANS_MENU, m -> m.reply(ScanMenu.toJson()));
      return Future.join(run.completion(), result.completion(), status.completion(), menu.completion());
    });
  }

  @Override
  public Future<?> stop() {
    return workers == null ? Future.succeededFuture() : workers.close();
  }

  private void run(Message<JsonObject> message) {
    long started = System.nanoTime();
    ScanRequest request;
    List<String> symbols;
    try {
      Object code = message.body() == null ? null : message.body().getValue("code");
      if (!(code instanceof String text)) {
        throw new ScanCodeException("the request needs a \"code\" string, e.g. {\"code\": \"X:12:9:2.5\"}");
      }
      request = parser.parse(text);
      symbols = universes.symbols(request);
    } catch (ScanCodeException e) {
      badCodes.incrementAndGet();
      message.fail(400, e.getMessage());
      return;
    }
    inFlight.incrementAndGet();
    liveDay()
        // ordered = false: scans of one verticle run side by side on the pool, not in a queue
        .compose(live -> workers.executeBlocking(() -> scan(request, symbols, live, started), false))
        .onComplete(done -> inFlight.decrementAndGet())
        .onSuccess(reply -> {
          recent.put(reply.getString("id"), reply);
          message.reply(reply);
        })
        .onFailure(e -> {
          errors.incrementAndGet();
          LOG.warn("scan {} failed", request.code(), e);
          message.fail(500, "scan failed: " + e.getMessage());
        });
  }

  /** Today's day candles from the ticks engine during market hours; null when closed or silent. */
  private Future<LiveDay> liveDay() {
    if (!marketClock.isMarketOpen(clock.instant())) {
      return Future.succeededFuture(null);
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(LIVE_TIMEOUT_MILLIS);
    return vertx.eventBus().<JsonObject>request(Addresses.TICKS_DAY_CANDLES, new JsonObject(), options)
        .map(reply -> parseLiveDay(reply.body()))
        .otherwise(e -> {
          LOG.debug("no live day candles ({}); scanning history alone", e.getMessage());
          return null;
        });
  }

  static LiveDay parseLiveDay(JsonObject body) {
    if (body == null || !(body.getValue("date") instanceof String date) || body.getJsonObject("candles") == null) {
      return null;
    }
    Map<String, DayCandle> candles = new HashMap<>();
    body.getJsonObject("candles").forEach(e -> {
      if (e.getValue() instanceof JsonObject o) {
        DayCandle.fromJson(o).ifPresent(c -> candles.put(e.getKey(), c));
      }
    });
    return new LiveDay(LocalDate.parse(date), candles);
  }

  private JsonObject scan(ScanRequest request, List<String> symbols, LiveDay live, long started) throws Exception {
    HistoryCache.Snapshot snapshot = history.current();
    Map<String, DailySeries> data = snapshot.series();
    LocalDate dataDate = snapshot.date();
    if (live != null) {
      data = LiveMerge.merge(data, live.date(), live.candles());
      dataDate = dataDate == null || live.date().isAfter(dataDate) ? live.date() : dataDate;
      liveRuns.incrementAndGet();
    }
    ScanResult result = engine.run(request, symbols, data, dataDate);
    long took = (System.nanoTime() - started) / 1_000_000;
    runs.incrementAndGet();
    lastTookMillis = took;
    lastDataDate = dataDate;
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("code", request.code())
        .put("scan", request.scan().title())
        .put("data_date", dataDate == null ? null : dataDate.toString())
        .put("live", live != null)
        .put("took_ms", took)
        .put("scanned", result.scanned())
        .put("missing", result.missing())
        .put("count", result.rows().size())
        .put("rows", ScanRowFormat.toJson(result.rows()));
  }

  private void result(Message<JsonObject> message) {
    Object id = message.body() == null ? null : message.body().getValue("id");
    if (!(id instanceof String key)) {
      message.fail(400, "the request needs an \"id\" string");
      return;
    }
    JsonObject found = recent.get(key);
    if (found == null) {
      message.fail(404, "no recent scan result with id " + key + " (the newest "
          + config.scans().recentResults() + " are kept)");
    } else {
      message.reply(found.copy());
    }
  }

  private void status(Message<JsonObject> message) {
    message.reply(new JsonObject()
        .put("runs", runs.get())
        .put("bad_codes", badCodes.get())
        .put("errors", errors.get())
        .put("live_runs", liveRuns.get())
        .put("in_flight", inFlight.get())
        .put("last_took_ms", lastTookMillis)
        .put("data_date", lastDataDate == null ? null : lastDataDate.toString())
        .put("indicator_sets", engine.cache().size())
        .put("indicator_computations", engine.cache().computations())
        .put("recent_results", recent.size())
        .put("universes", universes == null ? null : universes.available()));
  }
}
