package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import marketgate.shared.bus.Addresses;
import marketgate.shared.config.BlueDotConfig;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.config.Secrets;
import marketgate.shared.store.DataStore;
import marketgate.workers.bluedot.seeds.SeedPublisher;
import marketgate.workers.bluedot.convert.BatchConverter;
import marketgate.workers.bluedot.convert.BatchIndex;
import marketgate.workers.bluedot.convert.BatchResult;
import marketgate.workers.bluedot.convert.BatchSettings;
import marketgate.workers.bluedot.convert.Timeframe;
import marketgate.workers.bluedot.notify.BatchNotifier;

/**
 * The BlueDot Drive sync (deploy as a WORKER verticle: it reads and writes files). On a change
 * notification ({@link Addresses#DRIVE_CHANGES}), on its periodic poll (which covers missed
 * notifications) or on request ({@link Addresses#BLUEDOT_CONVERT}), it lists Drive changes from
 * the saved page token, notices {@code triggers/daily_ready.txt} / {@code weekly_ready.txt} and
 * new files in dated folders, downloads the batch, checks it against the previous batch's size
 * and converts it. It keeps a push channel open on the changes feed and renews it before expiry.
 *
 * <p>Drive folder layout under {@code bluedot.folderId}: {@code daily/<YYYY-MM-DD>/*.json},
 * {@code weekly/<YYYY-Www>/*.json}, {@code triggers/<timeframe>_ready.txt} holding the label.
 */
public final class DriveSyncVerticle extends VerticleBase {
  static final String PAGE_TOKEN = "bluedot/drive/page-token.txt";
  private static final long CHANNEL_LIFETIME_MILLIS = 24 * 3_600_000L;
  private static final long RENEW_BEFORE_MILLIS = 15 * 60_000L;

  private final MarketgateConfig config;
  private final BlueDotConfig bluedot;
  private final Clock clock;
  private final long retryBackoffMillis;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriveSyncVerticle.class);
  private DataStore store;
  private SeedPublisher seeds;
  private DriveClient drive;
  private BatchDownloader downloader;
  private BatchNotifier notifier;
  private ExecutorService pool;
  private boolean syncing;
  private boolean syncAgain;
  /**
   * Batches seen but not converted yet, with the file count of the last look: a trigger whose
   * batch was incomplete ({@code -2}: convert as soon as complete), or new files without a
   * trigger (convert once the count held still for a whole pass, so a half-uploaded folder is
   * not taken for a batch).
   */
  private final java.util.Map<String, Integer> pending = new java.util.LinkedHashMap<>();
  private static final int AFTER_TRIGGER = -2;
  private JsonObject channel;
  private long renewTimer = -1;
  private JsonObject lastBatch = new JsonObject();
  /** The newest batch of each timeframe ({"daily": section, "weekly": section}), for the monitor's "batch missing" check. */
  private final JsonObject batches = new JsonObject();
  private String lastError;

  public DriveSyncVerticle(MarketgateConfig config, Clock clock, long retryBackoffMillis) {
    this.config = config;
    this.bluedot = config.bluedot();
    this.clock = clock;
    this.retryBackoffMillis = retryBackoffMillis;
  }

  public DriveSyncVerticle(MarketgateConfig config) {
    this(config, Clock.systemUTC(), 500);
  }

  @Override
  public Future<?> start() throws Exception {
    store = new DataStore(config.dataDir());
    seeds = SeedPublisher.fromConfig(config, store).orElse(null);
    WebClient client = WebClient.create(vertx);
    drive = new DriveClient(client, bluedot.driveApiUrl(), credentials(client));
    downloader = new BatchDownloader(vertx, drive, bluedot.downloadConcurrency(), 3, retryBackoffMillis);
    Secrets secrets = config.secrets();
    notifier = BatchNotifier.fromConfig(vertx, client, config);
    pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
      Thread t = new Thread(r, "bluedot-convert");
      t.setDaemon(true);
      return t;
    });
    loadBatches();
    MessageConsumer<JsonObject> changes = vertx.eventBus().consumer(Addresses.DRIVE_CHANGES, m -> requestSync());
    MessageConsumer<JsonObject> convert = vertx.eventBus().consumer(Addresses.BLUEDOT_CONVERT, this::convertRequest);
    MessageConsumer<JsonObject> status = vertx.eventBus().consumer(Addresses.BLUEDOT_STATUS, m -> m.reply(status()));
    vertx.setPeriodic(bluedot.pollSeconds() * 1000L, id -> requestSync());
    if (!bluedot.webhookAddress().isBlank() && secrets.has(Secrets.DRIVE_CHANNEL_TOKEN)) {
      // A Drive outage at start must not stop the worker: the poll covers until the next renewal.
      openChannel().onFailure(e -> lastError = "opening the Drive channel: " + e.getMessage());
    }
    return Future.join(changes.completion(), convert.completion(), status.completion());
  }

  @Override
  public Future<?> stop() {
    pool.shutdownNow();
    vertx.cancelTimer(renewTimer);
    if (channel != null) {
      return drive.stopChannel(channel.getString("id"), channel.getString("resourceId")).otherwiseEmpty();
    }
    return Future.succeededFuture();
  }

  private DriveCredentials credentials(WebClient client) throws Exception {
    Path keyFile = bluedot.credentialsFile();
    if (keyFile != null) {
      return DriveCredentials.serviceAccount(client, keyFile, bluedot.oauthTokenUrl(), clock);
    }
    Optional<String> apiKey = config.secrets().get(Secrets.GOOGLE_API_KEY);
    if (apiKey.isPresent()) {
      return DriveCredentials.apiKey(apiKey.get());
    }
    throw new IllegalStateException("BlueDot Drive sync needs bluedot.credentialsFile or GOOGLE_API_KEY");
  }

  /** One sync at a time; a notification during a sync makes one more pass afterwards. */
  private void requestSync() {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    sync().onComplete(r -> {
      lastError = r.failed() ? r.cause().getMessage() : null;
      syncing = false;
      if (syncAgain) {
        syncAgain = false;
        requestSync();
      }
    });
  }

  private Future<Void> sync() {
    Optional<String> saved;
    try {
      saved = store.read(PAGE_TOKEN).map(b -> new String(b, StandardCharsets.UTF_8).strip());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    if (saved.isEmpty()) {
      return drive.startPageToken().compose(this::saveToken);
    }
    return drive.changes(saved.get()).compose(found -> {
      Future<Void> chain = Future.succeededFuture();
      Set<String> parentsOfNewJson = new LinkedHashSet<>();
      for (DriveClient.Change change : found.changes()) {
        DriveFile file = change.file();
        if (change.removed() || file == null || file.name() == null) {
          continue;
        }
        for (Timeframe t : Timeframe.values()) {
          if (file.name().equals(t.folder() + "_ready.txt")) {
            chain = chain.compose(v -> drive.download(file.id()))
                .compose(body -> {
                  String label;
                  try {
                    label = t.label(body.toString(StandardCharsets.UTF_8));
                  } catch (IllegalArgumentException e) {
                    // A garbled trigger is reported and passed over; failing here would stop the
                    // page token from advancing and replay the same bad trigger forever.
                    lastError = file.name() + ": " + e.getMessage();
                    return Future.succeededFuture();
                  }
                  return runBatch(t, label).otherwise(e -> {
                    pending.put(key(t, label), AFTER_TRIGGER);
                    return null;
                  });
                });
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
    }).compose(v -> retryPending());
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
                .forEach(f -> pending.putIfAbsent(key(t, f.name()), -1));
            return null;
          });
        }
      }
      return chain;
    });
  }

  /** Pending batches convert once complete (and, without a trigger, settled); each pass retries. */
  private Future<Void> retryPending() {
    Future<Void> chain = Future.succeededFuture();
    for (var entry : List.copyOf(pending.entrySet())) {
      String[] parts = entry.getKey().split("/", 2);
      Timeframe t = Timeframe.parse(parts[0]);
      chain = chain.compose(v -> findBatchFiles(t, parts[1])).transform(found -> {
        if (found.failed()) {
          return Future.succeededFuture();
        }
        int count = found.result().size();
        boolean settled = entry.getValue() == AFTER_TRIGGER
            || (entry.getValue() == count && previousBatchSize(t) > 0);
        if (!settled) {
          pending.put(entry.getKey(), count);
          return Future.succeededFuture();
        }
        return convertBatch(t, parts[1], found.result()).transform(r -> {
          if (r.succeeded()) {
            pending.remove(entry.getKey());
          }
          return Future.succeededFuture();
        });
      });
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

  private static String key(Timeframe t, String label) {
    return t.folder() + "/" + label;
  }

  private Future<Void> saveToken(String token) {
    return vertx.executeBlocking(() -> {
      store.write(PAGE_TOKEN, token.getBytes(StandardCharsets.UTF_8));
      return null;
    });
  }

  private void convertRequest(Message<JsonObject> message) {
    try {
      Timeframe t = Timeframe.parse(message.body().getString("timeframe"));
      String label = t.label(message.body().getString("date"));
      runBatch(t, label).onComplete(r -> {
        if (r.succeeded()) {
          message.reply(lastBatch);
        } else {
          message.fail(500, r.cause().getMessage());
        }
      });
    } catch (IllegalArgumentException e) {
      message.fail(400, e.getMessage());
    }
  }

  /** Finds, downloads, checks and converts one batch; fails when it is not there or incomplete. */
  Future<Void> runBatch(Timeframe timeframe, String label) {
    return findBatchFiles(timeframe, label).compose(files -> convertBatch(timeframe, label, files));
  }

  private Future<Void> convertBatch(Timeframe timeframe, String label, List<DriveFile> files) {
    int previous = previousBatchSize(timeframe);
    if (files.isEmpty() || files.size() < previous * bluedot.completenessTolerance()) {
      return Future.failedFuture("batch " + key(timeframe, label) + " has " + files.size()
          + " files, the previous one had " + previous + ": waiting for the rest");
    }
    String incoming = "bluedot/incoming/" + timeframe.folder() + "/" + label;
    Path folder;
    try {
      store.deleteTree(incoming);
      folder = store.resolve(incoming);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return downloader.download(files, folder).compose(got -> vertx.executeBlocking(() -> {
      BatchConverter converter = new BatchConverter(store, BatchSettings.from(bluedot), pool, clock);
      BatchResult result = converter.convert(timeframe, label, got.files(), got.failed(), (d, n) -> {});
      store.deleteTree(incoming);
      if (seeds != null && result.good() && !result.seedChanges().isEmpty()) {
        try {
          seeds.publish(result.seedChanges(), "BlueDot " + timeframe.folder() + " " + label);
        } catch (Exception e) {
          // The pages are converted and served; the seed repository catches up with the next batch.
          lastError = "pushing seed files: " + e.getMessage();
          LOG.warn("pushing {} seed files failed: {}", result.seedChanges().size(), e.getMessage());
        }
      }
      return result;
    })).compose(result -> {
      lastBatch = new JsonObject(BatchIndex.section(result).toString());
      lastBatch.remove("stocks");
      lastBatch.put("seedChanges", result.seedChanges().size());
      batches.put(timeframe.folder(), lastBatch);
      vertx.eventBus().publish(Addresses.BLUEDOT_CONVERTED, lastBatch);
      if (notifier.enabled()) {
        notifier.notify(result).onFailure(e -> lastError = "notification: " + e.getMessage());
      }
      return Future.succeededFuture();
    });
  }

  private Future<List<DriveFile>> findBatchFiles(Timeframe timeframe, String label) {
    return drive.listFolder(bluedot.folderId())
        .compose(top -> child(top, timeframe.folder()))
        .compose(tf -> drive.listFolder(tf.id()))
        .compose(dated -> child(dated, label))
        .compose(batch -> drive.listFolder(batch.id()))
        .map(files -> files.stream().filter(f -> !f.isFolder() && f.name() != null && f.name().endsWith(".json")).toList());
  }

  private static Future<DriveFile> child(List<DriveFile> children, String name) {
    return children.stream().filter(f -> f.isFolder() && name.equals(f.name())).findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture("no Drive folder '" + name + "'"));
  }

  /** The batches of the last index (a restart must not make the monitor think a batch is missing). */
  private void loadBatches() {
    try {
      byte[] index = store.read("pages/index.json").orElse(null);
      JsonObject json = index == null ? new JsonObject() : new JsonObject(new String(index, StandardCharsets.UTF_8));
      for (Timeframe t : Timeframe.values()) {
        JsonObject section = json.getJsonObject(t.folder());
        if (section != null) {
          section.remove("stocks");
          batches.put(t.folder(), section);
        }
      }
    } catch (Exception corrupt) {
      LOG.warn("pages/index.json unreadable, batch history starts empty: {}", corrupt.getMessage());
    }
  }

  private int previousBatchSize(Timeframe timeframe) {
    try {
      byte[] index = store.read("pages/index.json").orElse(null);
      return index == null ? 0 : new JsonObject(new String(index, StandardCharsets.UTF_8))
          .getJsonObject(timeframe.folder(), new JsonObject()).getInteger("files", 0);
    } catch (Exception corrupt) {
      return 0;
    }
  }

  /** Opens a channel on the changes feed, then stops the one it replaces; renews before expiry. */
  private Future<Void> openChannel() {
    String id = UUID.randomUUID().toString();
    String token = config.secrets().get(Secrets.DRIVE_CHANNEL_TOKEN).orElseThrow();
    Future<String> pageToken;
    try {
      Optional<byte[]> saved = store.read(PAGE_TOKEN);
      pageToken = saved.isPresent() ? Future.succeededFuture(new String(saved.get(), StandardCharsets.UTF_8).strip())
          : drive.startPageToken().compose(t -> saveToken(t).map(t));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    return pageToken
        .compose(t -> drive.watchChanges(t, id, bluedot.webhookAddress(), token, clock.millis() + CHANNEL_LIFETIME_MILLIS))
        .compose(answer -> {
          JsonObject old = channel;
          channel = new JsonObject().put("id", id).put("resourceId", answer.getString("resourceId"))
              .put("expiration", Long.parseLong(String.valueOf(answer.getValue("expiration",
                  clock.millis() + CHANNEL_LIFETIME_MILLIS))));
          long renewIn = Math.max(1_000, channel.getLong("expiration") - clock.millis() - RENEW_BEFORE_MILLIS);
          renewTimer = vertx.setTimer(renewIn, t -> openChannel()
              .onFailure(e -> lastError = "renewing the Drive channel: " + e.getMessage()));
          return old == null ? Future.succeededFuture()
              : drive.stopChannel(old.getString("id"), old.getString("resourceId")).otherwiseEmpty();
        });
  }

  private JsonObject status() {
    return new JsonObject().put("lastBatch", lastBatch).put("pending", List.copyOf(pending.keySet()))
        .put("syncing", syncing).put("lastError", lastError).put("batches", batches.copy())
        .put("channel", channel == null ? null : channel.copy());
  }
}
