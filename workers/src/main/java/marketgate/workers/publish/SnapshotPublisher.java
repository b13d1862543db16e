package marketgate.workers.publish;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import marketgate.shared.config.AlertsConfig;
import marketgate.shared.config.PublishConfig;
import marketgate.shared.store.DataStore;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publish, start to end: renders the snapshot files off the event loop, hands them to every
 * target, and keeps the health, the incremental bookkeeping and the newest bytes of each file.
 * Publishes never overlap: each waits for the one before it.
 */
public final class SnapshotPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);
  public static final String LATEST = "data/candles/latest.json.gz";
  public static final String TICKS = "data/ticks/ticks_latest.json.gz";
  public static final String METADATA = Metadata.PATH;

  private final Vertx vertx;
  private final CandleStore store;
  private final MarketClock clock;
  private final String dataSource;
  private final List<PublishTarget> targets;
  private final DataStore localStore;
  private final int staleMinutes;
  private final CandleSnapshotWriter candles;
  private final TicksSnapshotWriter ticks;
  private final PublishHealth health;
  private final DatedFiles dated = new DatedFiles();
  private final Map<String, PublishedFile> newest = new ConcurrentHashMap<>();
  private Future<JsonObject> last = Future.succeededFuture();
  private JsonObject lastMetadata;
  /** The monitor's open incidents as last announced on {@code monitor.incidents}; metadata.json shows them. */
  private volatile JsonArray openIncidents = new JsonArray();

  /**
   * @param localStore the data directory when one of the targets writes there (its dated folder
   *     is listed after a restart), else null
   */
  public SnapshotPublisher(Vertx vertx, PublishConfig config, AlertsConfig alerts, CandleStore store, MarketClock clock,
      String dataSource, List<PublishTarget> targets, DataStore localStore) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
    this.dataSource = dataSource;
    this.targets = List.copyOf(targets);
    this.localStore = localStore;
    this.staleMinutes = alerts.staleDataThresholdMinutes();
    this.candles = new CandleSnapshotWriter(store, config.candlesPerInterval());
    this.ticks = new TicksSnapshotWriter(store);
    this.health = new PublishHealth(staleMinutes);
  }

  /** What one publish rendered; {@code files} in write order, metadata last. */
  record Snapshot(DatedFiles.Plan plan, long version, Instant time, List<PublishedFile> files, int instruments,
      long candles, long changedCandles, long renderMillis, JsonObject metadata) {}

  /** Publishes now (after any publish in progress); the result JSON, or a failure with the reason. */
  public synchronized Future<JsonObject> publish() {
    Future<JsonObject> next = last.transform(ignored -> publishOnce());
    last = next;
    return next;
  }

  private Future<JsonObject> publishOnce() {
    Instant time = Instant.now();
    DatedFiles.Plan plan = dated.plan(MarketClock.ist(time));
    return vertx.executeBlocking(() -> render(plan, time), false)
        .compose(snapshot -> toTargets(snapshot).map(v -> succeeded(snapshot)))
        .recover(this::failed);
  }

  /**
   * Every target gets its turn even after one before it failed, so a broken git remote does not
   * also stop the local copy; the publish fails when any target failed.
   */
  private Future<Void> toTargets(Snapshot snapshot) {
    List<String> errors = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (PublishTarget target : targets) {
      chain = chain.compose(v -> target.publish(snapshot.files(), message(snapshot)).transform(ar -> {
        if (ar.succeeded()) {
          health.targetSucceeded(target.name(), snapshot.time());
        } else {
          errors.add("target " + target.name() + ": " + ar.cause().getMessage());
          health.targetFailed(target.name(), ar.cause().getMessage());
        }
        return Future.<Void>succeededFuture();
      }));
    }
    return chain.compose(v -> errors.isEmpty() ? Future.<Void>succeededFuture()
        : Future.failedFuture(new IOException(String.join("; ", errors))));
  }

  Snapshot render(DatedFiles.Plan plan, Instant time) throws IOException {
    long started = System.nanoTime();
    long wall = time.toEpochMilli();
    long now = store.nowSeconds(wall);
    long version = store.version();
    CandleSnapshotWriter.Counts[] counts = new CandleSnapshotWriter.Counts[2];
    List<PublishedFile> files = new ArrayList<>(4);
    PublishedFile latest = PublishedFile.render(LATEST, wall, out -> counts[0] = candles.writeGzip(out, 0, now));
    files.add(latest);
    if (plan.full()) {
      counts[1] = counts[0];
      files.add(new PublishedFile(plan.path(), latest.bytes(), latest.etag(), wall));
    } else {
      files.add(PublishedFile.render(plan.path(), wall,
          out -> counts[1] = candles.writeGzip(out, plan.sinceVersion(), now)));
    }
    files.add(PublishedFile.render(TICKS, wall, out -> ticks.writeGzip(out, now)));
    List<String> existing = localStore == null ? List.of() : localStore.list("data/candles/" + plan.day());
    boolean marketHours = clock.isMarketOpen(time);
    Long freshness = freshnessSeconds();
    JsonObject metadata = Metadata.of(new Metadata.Facts(time, marketHours, dataSource, counts[0].instruments(),
        time.toString(), plan.full() ? dated.lastIncremental() : time.toString(), dated.names(plan, existing),
        withIncidents(health.toMetadataOnSuccess(time, freshness, marketHours)), staleMinutes));
    files.add(PublishedFile.of(METADATA, metadata.toBuffer().getBytes(), wall));
    return new Snapshot(plan, version, time, files, counts[0].instruments(), counts[0].candles(), counts[1].candles(),
        (System.nanoTime() - started) / 1_000_000, metadata);
  }

  private static String message(Snapshot s) {
    String kind = s.plan().full() ? "full" : "incremental since store version " + s.plan().sinceVersion();
    return String.format("Publish candles %s IST: %d instruments, %d candles; %s (%s, %d candles)",
        MarketClock.ist(s.time()).toLocalDateTime().withNano(0).toString().replace('T', ' '), s.instruments(),
        s.candles(), s.plan().name(), kind, s.changedCandles());
  }

  private JsonObject succeeded(Snapshot snapshot) {
    health.succeeded(snapshot.time());
    dated.published(snapshot.plan(), snapshot.version(), snapshot.time().toString());
    synchronized (this) {
      lastMetadata = snapshot.metadata();
    }
    JsonArray files = new JsonArray();
    for (PublishedFile file : snapshot.files()) {
      newest.put(file.path(), file);
      files.add(new JsonObject().put("path", file.path()).put("etag", file.etag()).put("size", file.size()));
    }
    LOG.info("published {} instruments, {} candles, {} ({} candles) in {} ms", snapshot.instruments(),
        snapshot.candles(), snapshot.plan().name(), snapshot.changedCandles(), snapshot.renderMillis());
    return new JsonObject()
        .put("time", snapshot.time().toString())
        .put("files", files)
        .put("full", snapshot.plan().full())
        .put("dated_file", snapshot.plan().path())
        .put("instruments", snapshot.instruments())
        .put("candles", snapshot.candles())
        .put("changed_candles", snapshot.changedCandles())
        .put("store_version", snapshot.version())
        .put("render_millis", snapshot.renderMillis())
        .put("targets", new JsonArray(targets.stream().map(PublishTarget::name).toList()));
  }

  /** Records the failure and, best effort, tells readers of the local directory that we are degraded. */
  private Future<JsonObject> failed(Throwable error) {
    Instant now = Instant.now();
    health.failed(now, error.getMessage());
    LOG.warn("publish failed ({} in a row): {}", health.consecutiveFailures(), error.getMessage());
    JsonObject metadata;
    synchronized (this) {
      metadata = lastMetadata == null ? null : lastMetadata.copy();
    }
    if (metadata == null || localStore == null) {
      return Future.failedFuture(error);
    }
    metadata.put("health", withIncidents(health.toMetadata(freshnessSeconds(), clock.isMarketOpen(now))));
    byte[] bytes = metadata.toBuffer().getBytes();
    return vertx.executeBlocking(() -> {
      localStore.write(METADATA, bytes);
      return null;
    }, false).transform(ignored -> Future.failedFuture(error));
  }

  private Long freshnessSeconds() {
    var stats = store.stats();
    return PublishHealth.freshnessSeconds(stats.lastTickMillis(), stats.lastBatchWallMillis(),
        System.currentTimeMillis());
  }

  /** Keeps the monitor's newest list of open incidents for the next metadata.json. */
  public void openIncidents(JsonArray incidents) {
    openIncidents = incidents == null ? new JsonArray() : incidents.copy();
  }

  private JsonObject withIncidents(JsonObject health) {
    return health.put("open_incidents", openIncidents.copy());
  }

  /** The newest published copy of a file, if this publisher holds one. */
  public PublishedFile file(String path) {
    return newest.get(path);
  }

  public int consecutiveFailures() {
    return health.consecutiveFailures();
  }

  /** True when the store's market time is in an NSE session: decides the publish cadence. */
  public boolean marketTimeInSession() {
    return clock.isMarketOpen(Instant.ofEpochSecond(store.nowSeconds(System.currentTimeMillis())));
  }

  public JsonObject status() {
    return health.toStatus(freshnessSeconds(), clock.isMarketOpen(Instant.now()))
        .put("targets", new JsonArray(targets.stream().map(PublishTarget::name).toList()))
        .put("last_incremental", dated.lastIncremental())
        .put("data_source", dataSource);
  }
}
