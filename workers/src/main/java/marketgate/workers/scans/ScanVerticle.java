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
import java.util.function.BooleanSupplier;
import marketgate.shared.bus.Addresses;
import marketgate.shared.bus.Overloaded;
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
 *
 * <p>Bounded under load: at most {@code workerThreads} scans run and {@code scans.maxQueued} wait;
 * one more is failed at once with {@link Overloaded#CODE} and a retry hint (the gateway's 429). A
 * scan carries a deadline (its caller's timeout, {@code timeout_ms} in the request, capped by
 * {@code scans.timeoutMillis}); once it passes, nobody waits for the rows, so the engine stops
 * between symbols and the scan counts as {@code cancelled}.
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
  /**
   * Ids of this worker's newest results, oldest first; touched on the event loop only. The results
   * themselves live in the cluster-wide map {@link #RESULTS_MAP} (a local map in embedded mode), so
   * any scan worker answers {@code scans.result} for a scan any other worker ran; an id that falls
   * out of this bound is removed from the map, so the map holds at most {@code recentResults} per
   * worker, each for at most {@code cluster.resultTtlSeconds}.
   */
  private final Map<String, Boolean> recent;
  static final String RESULTS_MAP = "marketgate.scans.results";
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong badCodes = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong liveRuns = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  /** Accepted and not yet answered: running plus queued. Changed on the event loop only. */
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Mean run time of recent scans, for the retry hint of a rejection. */
  private volatile double meanTookMillis = 1_000;
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
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        if (size() > keep) {
          forget(eldest.getKey());
          return true;
        }
        return false;
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
      MessageConsumer<JsonObject> lists = vertx.eventBus().consumer(Addresses.SCANS_UNIVERSES,
          m -> m.reply(new JsonObject().put("lists", universes.toJson())));
      MessageConsumer<JsonObject> menu = vertx.eventBus().consumer(Addresses.SCANS_MENU, m -> m.reply(ScanMenu.toJson()));
      return Future.join(List.of(run.completion(), result.completion(), status.completion(), lists.completion(),
          menu.completion()));
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
    ScansConfig scans = config.scans();
    int capacity = scans.workerThreads() + scans.maxQueued();
    if (inFlight.get() >= capacity) {
      rejected.incrementAndGet();
      message.fail(Overloaded.CODE, Overloaded.message("the scan workers are busy (" + scans.workerThreads()
          + " running, " + scans.maxQueued() + " waiting)", retryAfterSeconds()));
      return;
    }
    long deadline = started + deadlineMillis(message.body()) * 1_000_000L;
    inFlight.incrementAndGet();
    liveDay()
        // ordered = false: scans of one verticle run side by side on the pool, not in a queue
        .compose(live -> workers.executeBlocking(() -> scan(request, symbols, live, started, deadline), false))
        .onComplete(done -> inFlight.decrementAndGet())
        .compose(reply -> keep(reply).map(reply))
        .onSuccess(message::reply)
        .onFailure(e -> {
          if (e instanceof ScanCancelledException) {
            cancelled.incrementAndGet();
            LOG.debug("{}", e.getMessage());
            message.fail(504, e.getMessage());
            return;
          }
          errors.incrementAndGet();
          LOG.warn("scan {} failed", request.code(), e);
          message.fail(500, "scan failed: " + e.getMessage());
        });
  }

  /** The caller's timeout ({@code timeout_ms}), never longer than {@code scans.timeoutMillis}. */
  private long deadlineMillis(JsonObject body) {
    long limit = config.scans().timeoutMillis();
    Object asked = body.getValue("timeout_ms");
    return asked instanceof Number n && n.longValue() > 0 ? Math.min(limit, n.longValue()) : limit;
  }

  /** How long until the queue ahead of a new scan has drained, by the recent mean run time. */
  private long retryAfterSeconds() {
    double waves = Math.ceil(inFlight.get() / (double) config.scans().workerThreads());
    return (long) Math.ceil(waves * meanTookMillis / 1000);
  }

  /** Today's day candles from the ticks engine during market hours; null when closed, silent or empty. */
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
    // No candle yet (before the first tick, or a node with no tick source): nothing live to merge, and
    // the scan must not claim today's date for yesterday's data.
    return candles.isEmpty() ? null : new LiveDay(LocalDate.parse(date), candles);
  }

  private JsonObject scan(ScanRequest request, List<String> symbols, LiveDay live, long started, long deadline)
      throws Exception {
    BooleanSupplier late = () -> System.nanoTime() - deadline > 0;
    if (late.getAsBoolean()) {
      throw new ScanCancelledException("scan " + request.code() + " cancelled before it started: it waited past "
          + "its caller's deadline");
    }
    HistoryCache.Snapshot snapshot = history.current();
    Map<String, DailySeries> data = snapshot.series();
    LocalDate dataDate = snapshot.date();
    if (live != null) {
      data = LiveMerge.merge(data, live.date(), live.candles());
      dataDate = dataDate == null || live.date().isAfter(dataDate) ? live.date() : dataDate;
      liveRuns.incrementAndGet();
    }
    long computeStarted = System.nanoTime();
    ScanResult result = engine.run(request, symbols, data, dataDate, late);
    long took = (System.nanoTime() - started) / 1_000_000;
    runs.incrementAndGet();
    lastTookMillis = took;
    meanTookMillis = 0.8 * meanTookMillis + 0.2 * ((System.nanoTime() - computeStarted) / 1e6);
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
        .put("missing_symbols", missingSymbols(symbols, data, result.missing()))
        .put("count", result.rows().size())
        .put("rows", ScanRowFormat.toJson(result.rows()));
  }

  /** The first symbols of the universe without data: a list's member the market lacks is named, not hidden. */
  private static io.vertx.core.json.JsonArray missingSymbols(List<String> symbols, Map<String, DailySeries> data,
      int missing) {
    io.vertx.core.json.JsonArray names = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < symbols.size() && missing > 0 && names.size() < Universes.MISSING_SHOWN; i++) {
      DailySeries series = data.get(symbols.get(i));
      if (series == null || series.size() == 0) {
        names.add(symbols.get(i));
      }
    }
    return names;
  }

  private void result(Message<JsonObject> message) {
    Object id = message.body() == null ? null : message.body().getValue("id");
    if (!(id instanceof String key)) {
      message.fail(400, "the request needs an \"id\" string");
      return;
    }
    results().compose(map -> map.get(key)).onComplete(found -> {
      if (found.failed()) {
        message.fail(503, "scan results are not reachable: " + found.cause().getMessage());
      } else if (found.result() == null) {
        message.fail(404, "no recent scan result with id " + key + " (the newest "
            + config.scans().recentResults() + " per scan worker are kept for "
            + config.cluster().resultTtlSeconds() + " s)");
      } else {
        message.reply(found.result());
      }
    });
  }

  private Future<io.vertx.core.shareddata.AsyncMap<String, JsonObject>> results() {
    return vertx.sharedData().getAsyncMap(RESULTS_MAP);
  }

  /** Stores a result where every scan worker can find it; a failure to store never fails the scan. */
  private Future<Void> keep(JsonObject reply) {
    String id = reply.getString("id");
    recent.put(id, Boolean.TRUE);
    return results().compose(map -> map.put(id, reply, config.cluster().resultTtlSeconds() * 1000))
        .recover(e -> {
          LOG.warn("scan result {} not stored for later look-up: {}", id, e.getMessage());
          return Future.succeededFuture();
        });
  }

  private void forget(String id) {
    results().compose(map -> map.remove(id)).onFailure(e -> LOG.debug("scan result {} not removed: {}", id, e.getMessage()));
  }

  private void status(Message<JsonObject> message) {
    message.reply(new JsonObject()
        .put("runs", runs.get())
        .put("bad_codes", badCodes.get())
        .put("errors", errors.get())
        .put("live_runs", liveRuns.get())
        .put("in_flight", inFlight.get())
        .put("max_in_flight", config.scans().workerThreads() + config.scans().maxQueued())
        .put("rejected_busy", rejected.get())
        .put("cancelled", cancelled.get())
        .put("last_took_ms", lastTookMillis)
        .put("data_date", lastDataDate == null ? null : lastDataDate.toString())
        .put("indicator_sets", engine.cache().size())
        .put("indicator_computations", engine.cache().computations())
        .put("recent_results", recent.size())
        .put("universes", universes == null ? null : universes.toJson()));
  }
}
