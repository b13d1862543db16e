package marketgate.workers.bluedot.drive;

import static marketgate.workers.bluedot.drive.BatchConversion.key;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.BlueDotConfig;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.store.DataStore;
import marketgate.workers.bluedot.convert.BatchIndex;
import marketgate.workers.bluedot.drive.BatchConversion.IncompleteBatch;
import marketgate.workers.bluedot.convert.Timeframe;
import marketgate.workers.bluedot.notify.BatchNotifier;
import marketgate.workers.bluedot.seeds.SeedPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BlueDot Drive sync (deploy as a WORKER verticle: it reads and writes files). On a change
 * notification ({@link Addresses#DRIVE_CHANGES}), on its periodic poll (which covers missed
 * notifications) or on request ({@link Addresses#BLUEDOT_CONVERT}), it lists Drive changes from
 * the saved page token, notices {@code triggers/daily_ready.txt} / {@code weekly_ready.txt} and
 * new files in dated folders, downloads the batch, checks it against the previous batch's size
 * and converts it. {@link BatchTracker} holds the pending batches and lets one conversion per
 * batch run; {@link DriveChannel} keeps the push channel open.
 *
 * <p>Faults fail closed and keep their reason: an unreadable previous index stops conversions
 * (a partial batch must not become {@code latest/}), and every failure is logged, counted and
 * shown as {@code lastError} in {@link Addresses#BLUEDOT_STATUS}.
 *
 * <p>Drive folder layout under {@code bluedot.folderId}: {@code daily/<YYYY-MM-DD>/*.json},
 * {@code weekly/<YYYY-Www>/*.json}, {@code triggers/<timeframe>_ready.txt} holding the label.
 */
public final class DriveSyncVerticle extends VerticleBase {
  static final String PAGE_TOKEN = "bluedot/drive/page-token.txt";
  private static final Logger LOG = LoggerFactory.getLogger(DriveSyncVerticle.class);

  private final MarketgateConfig config;
  private final BlueDotConfig bluedot;
  private final Clock clock;
  private final long retryBackoffMillis;
  private final BatchTracker batches;

  private DataStore store;
  private DriveClient drive;
  private BatchConversion conversion;
  private BatchNotifier notifier;
  private DriveChannel channel;
  private ExecutorService pool;
  private boolean syncing;
  private boolean syncAgain;
  private JsonObject lastBatch = new JsonObject();
  /** The newest batch of each timeframe ({"daily": section, "weekly": section}), for the monitor's "batch missing" check. */
  private final JsonObject newestBatches = new JsonObject();
  private String lastError;
  private String lastErrorAt;
  private long errors;

  public DriveSyncVerticle(MarketgateConfig config, Clock clock, long retryBackoffMillis) {
    this.config = config;
    this.bluedot = config.bluedot();
    this.clock = clock;
    this.retryBackoffMillis = retryBackoffMillis;
    this.batches = new BatchTracker(clock, bluedot.pendingExpirySeconds() * 1000L);
  }

  public DriveSyncVerticle(MarketgateConfig config) {
    this(config, Clock.systemUTC(), 500);
  }

  @Override
  public Future<?> start() throws Exception {
    store = new DataStore(config.dataDir());
    WebClient client = WebClient.create(vertx);
    drive = new DriveClient(client, bluedot.driveApiUrl(), DriveCredentials.fromConfig(client, config, clock));
    BatchDownloader downloader = new BatchDownloader(vertx, drive, bluedot.downloadConcurrency(), 3, retryBackoffMillis);
    Secrets secrets = config.secrets();
    notifier = BatchNotifier.fromConfig(vertx, client, config);
    pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "bluedot-convert");
      t.setDaemon(true);
      return t;
    });
    conversion = new BatchConversion(vertx, store, drive, downloader, bluedot,
        SeedPublisher.fromConfig(config, store).orElse(null), pool, clock, this::failed);
    loadNewestBatches();
    MessageConsumer<JsonObject> changes = vertx.eventBus().consumer(Addresses.DRIVE_CHANGES, m -> requestSync());
    MessageConsumer<JsonObject> convert = vertx.eventBus().consumer(Addresses.BLUEDOT_CONVERT, this::convertRequest);
    MessageConsumer<JsonObject> status = vertx.eventBus().consumer(Addresses.BLUEDOT_STATUS, m -> m.reply(status()));
    vertx.setPeriodic(bluedot.pollSeconds() * 1000L, id -> requestSync());
    if (!bluedot.webhookAddress().isBlank() && secrets.has(Secrets.DRIVE_CHANNEL_TOKEN)) {
      channel = new DriveChannel(vertx, drive, clock, bluedot.webhookAddress(),
          secrets.get(Secrets.DRIVE_CHANNEL_TOKEN).orElseThrow(), this::pageTokenOrFresh, this::failed);
      // A Drive outage at start must not stop the worker: the poll covers until the next renewal.
      channel.open().onFailure(e -> failed("opening the Drive channel: " + e.getMessage()));
    }
    return Future.join(changes.completion(), convert.completion(), status.completion());
  }

  @Override
  public Future<?> stop() {
    pool.shutdownNow();
    return channel == null ? Future.succeededFuture() : channel.close();
  }

  /** Logs, counts and keeps a failure for {@code /status}; nothing is dropped silently. */
  private void failed(String reason) {
    LOG.warn("BlueDot Drive sync: {}", reason);
    lastError = reason;
    lastErrorAt = clock.instant().toString();
    errors++;
  }

  /** One sync at a time; a notification during a sync makes one more pass afterwards. */
  private void requestSync() {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    sync().onComplete(r -> {
      if (r.failed()) {
        failed("sync: " + r.cause().getMessage());
      }
      syncing = false;
      if (syncAgain) {
        syncAgain = false;
        requestSync();
      }
    });
  }

  private Future<String> savedPageToken() {
    return vertx.executeBlocking(() -> store.read(PAGE_TOKEN)
        .map(b -> new String(b, StandardCharsets.UTF_8).strip()).orElse(null));
  }

  private Future<String> pageTokenOrFresh() {
    return savedPageToken().compose(saved -> saved != null ? Future.succeededFuture(saved)
        : drive.startPageToken().compose(t -> saveToken(t).map(t)));
  }

  private Future<Void> sync() {
    return savedPageToken().compose(saved -> saved == null ? drive.startPageToken().compose(this::saveToken)
        : drive.changes(saved).compose(this::handleChanges))
        .compose(v -> retryPending());
  }

  private Future<Void> handleChanges(DriveClient.Changes found) {
    Future<Void> chain = Future.succeededFuture();
    Set<String> parentsOfNewJson = new LinkedHashSet<>();
    for (DriveClient.Change change : found.changes()) {
      DriveFile file = change.file();
      if (change.removed() || file == null || file.name() == null) {
        continue;
      }
      for (Timeframe t : Timeframe.values()) {
        if (file.name().equals(t.folder() + "_ready.txt")) {
          chain = chain.compose(v -> drive.download(file.id())).compose(body -> trigger(t, file, body.toString(StandardCharsets.UTF_8)));
        }
      }
      if (file.name().endsWith(".json")) {
        parentsOfNewJson.addAll(file.parents());
      }
    }
    if (!parentsOfNewJson.isEmpty()) {
      chain = chain.compose(v -> noticeNewFiles(parentsOfNewJson));
    }
    return chain.compose(v -> saveToken(found.newStartPageToken()));
  }

  /** A trigger converts its batch now, or leaves it pending (with the reason) for a later pass. */
  private Future<Void> trigger(Timeframe t, DriveFile file, String content) {
    String label;
    try {
      label = t.label(content);
    } catch (IllegalArgumentException e) {
      // A garbled trigger is reported and passed over; failing here would stop the page token
      // from advancing and replay the same bad trigger forever.
      failed(file.name() + ": " + e.getMessage());
      return Future.succeededFuture();
    }
    return runBatch(t, label).otherwise(e -> {
      batches.triggered(key(t, label));
      if (e instanceof IncompleteBatch) {
        LOG.info("BlueDot {}", e.getMessage());
      } else {
        failed("batch " + key(t, label) + " (kept pending): " + e.getMessage());
      }
      return null;
    });
  }

  /**
   * New JSON files in {@code daily/<date>/} or {@code weekly/<week>/} mark that batch pending; it
   * converts on a later pass once it is as large as the previous batch (completeness check).
   */
  private Future<Void> noticeNewFiles(Set<String> parents) {
    return drive.listFolder(bluedot.folderId()).compose(top -> {
      Future<Void> chain = Future.succeededFuture();
      for (Timeframe t : Timeframe.values()) {
        Optional<DriveFile> tf = top.stream().filter(f -> f.isFolder() && t.folder().equals(f.name())).findFirst();
        if (tf.isPresent()) {
          chain = chain.compose(v -> drive.listFolder(tf.get().id())).map(dated -> {
            dated.stream().filter(f -> f.isFolder() && parents.contains(f.id()) && isLabel(t, f.name()))
                .forEach(f -> batches.sawFiles(key(t, f.name())));
            return null;
          });
        }
      }
      return chain;
    });
  }

  /** Pending batches convert once complete (and, without a trigger, settled); each pass retries. */
  private Future<Void> retryPending() {
    batches.expire().forEach(this::failed);
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, BatchTracker.Pending> entry : batches.pending().entrySet()) {
      String key = entry.getKey();
      String[] parts = key.split("/", 2);
      Timeframe t = Timeframe.parse(parts[0]);
      chain = chain.compose(v -> batches.once(key, () -> conversion.findFiles(t, parts[1]).compose(files -> {
        BatchTracker.Pending p = entry.getValue();
        batches.counted(key, files.size());
        boolean settled = p.afterTrigger()
            || (p.lastCount() == files.size() && conversion.previousBatchSize(t) > 0);
        if (!settled) {
          return Future.<Void>succeededFuture();
        }
        return convert(t, parts[1], files);
      })).recover(e -> {
        if (!(e instanceof IncompleteBatch)) {
          failed("pending batch " + key + ": " + e.getMessage());
        }
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  /** Folder names become paths: only a well-formed date or week counts as a batch. */
  private static boolean isLabel(Timeframe t, String name) {
    try {
      return t.label(name).equals(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Future<Void> saveToken(String token) {
    return vertx.executeBlocking(() -> {
      store.write(PAGE_TOKEN, token.getBytes(StandardCharsets.UTF_8));
      return null;
    });
  }

  private void convertRequest(Message<JsonObject> message) {
    Timeframe t;
    String label;
    try {
      t = Timeframe.parse(message.body().getString("timeframe"));
      label = t.label(message.body().getString("date"));
    } catch (IllegalArgumentException e) {
      message.fail(400, e.getMessage());
      return;
    }
    runBatch(t, label).onComplete(r -> {
      if (r.succeeded()) {
        message.reply(lastBatch);
      } else {
        failed("conversion request for " + key(t, label) + ": " + r.cause().getMessage());
        message.fail(r.cause() instanceof IncompleteBatch ? 409 : 500, r.cause().getMessage());
      }
    });
  }

  /**
   * Finds, downloads, checks and converts one batch; fails when it is not there or incomplete.
   * A second request for a batch that is converting joins the running conversion.
   */
  Future<Void> runBatch(Timeframe timeframe, String label) {
    return batches.once(key(timeframe, label),
        () -> conversion.findFiles(timeframe, label).compose(files -> convert(timeframe, label, files)));
  }

  /** Runs inside {@link BatchTracker#once}: the only conversion of this batch. */
  private Future<Void> convert(Timeframe timeframe, String label, List<DriveFile> files) {
    return conversion.convert(timeframe, label, files).compose(result -> {
      batches.converted(key(timeframe, label));
      lastBatch = new JsonObject(BatchIndex.section(result).toString());
      lastBatch.remove("stocks");
      lastBatch.put("seedChanges", result.seedChanges().size());
      newestBatches.put(timeframe.folder(), lastBatch);
      vertx.eventBus().publish(Addresses.BLUEDOT_CONVERTED, lastBatch);
      if (notifier.enabled()) {
        notifier.notify(result).onFailure(e -> failed("notification: " + e.getMessage()));
      }
      return Future.succeededFuture();
    });
  }

  /** The batches of the last index (a restart must not make the monitor think a batch is missing). */
  private void loadNewestBatches() {
    try {
      byte[] index = store.read(BatchConversion.INDEX).orElse(null);
      JsonObject json = index == null ? new JsonObject() : new JsonObject(new String(index, StandardCharsets.UTF_8));
      for (Timeframe t : Timeframe.values()) {
        JsonObject section = json.getJsonObject(t.folder());
        if (section != null) {
          section.remove("stocks");
          newestBatches.put(t.folder(), section);
        }
      }
    } catch (Exception corrupt) {
      failed("pages/index.json unreadable, batch history starts empty: " + corrupt.getMessage());
    }
  }

  private JsonObject status() {
    return batches.status().put("lastBatch", lastBatch).put("batches", newestBatches.copy()).put("syncing", syncing)
        .put("lastError", lastError).put("lastErrorAt", lastErrorAt).put("errors", errors)
        .put("channel", channel == null ? null : channel.status())
        .put("at", Instant.now(clock).toString());
  }
}
