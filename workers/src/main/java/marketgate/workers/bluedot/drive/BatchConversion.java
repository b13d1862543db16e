package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import marketgate.shared.config.BlueDotConfig;
import marketgate.shared.store.DataStore;
import marketgate.workers.bluedot.convert.BatchConverter;
import marketgate.workers.bluedot.convert.BatchResult;
import marketgate.workers.bluedot.convert.BatchSettings;
import marketgate.workers.bluedot.convert.Timeframe;
import marketgate.workers.bluedot.seeds.SeedPublisher;

/**
 * One batch from Drive to {@code pages/}: list its files, check it is complete against the
 * previous batch, download it into {@code bluedot/incoming/<timeframe>/<label>}, convert, push the
 * seed files. The caller makes sure only one runs per batch ({@link BatchTracker#once}): they
 * share the download folder.
 */
final class BatchConversion {
  static final String INDEX = "pages/index.json";

  /** A batch smaller than the previous one: expected while an upload is under way, not a fault. */
  static final class IncompleteBatch extends RuntimeException {
    IncompleteBatch(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final DataStore store;
  private final DriveClient drive;
  private final BatchDownloader downloader;
  private final BlueDotConfig bluedot;
  private final SeedPublisher seeds;
  private final ExecutorService pool;
  private final Clock clock;
  private final Consumer<String> failed;

  /**
   * @param seeds the seed repository to push to, or null
   * @param failed told failures that do not fail the batch (a seed push), on the caller's context
   */
  BatchConversion(Vertx vertx, DataStore store, DriveClient drive, BatchDownloader downloader, BlueDotConfig bluedot,
      SeedPublisher seeds, ExecutorService pool, Clock clock, Consumer<String> failed) {
    this.vertx = vertx;
    this.store = store;
    this.drive = drive;
    this.downloader = downloader;
    this.bluedot = bluedot;
    this.seeds = seeds;
    this.pool = pool;
    this.clock = clock;
    this.failed = failed;
  }

  static String key(Timeframe t, String label) {
    return t.folder() + "/" + label;
  }

  /** The batch's JSON files on Drive; fails when its folder is not there. */
  Future<List<DriveFile>> findFiles(Timeframe timeframe, String label) {
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

  /** Checks completeness, downloads and converts; fails with {@link IncompleteBatch} when short. */
  Future<BatchResult> convert(Timeframe timeframe, String label, List<DriveFile> files) {
    int previous;
    try {
      previous = previousBatchSize(timeframe);
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    if (files.isEmpty() || files.size() < previous * bluedot.completenessTolerance()) {
      return Future.failedFuture(new IncompleteBatch("batch " + key(timeframe, label) + " has " + files.size()
          + " files, the previous one had " + previous + ": waiting for the rest"));
    }
    String incoming = "bluedot/incoming/" + timeframe.folder() + "/" + label;
    String[] seedError = {null};
    return vertx.executeBlocking(() -> {
      store.deleteTree(incoming);
      return store.resolve(incoming);
    }).compose(folder -> downloader.download(files, folder)).compose(got -> vertx.executeBlocking(() -> {
      BatchResult result;
      try {
        BatchConverter converter = new BatchConverter(store, BatchSettings.from(bluedot), pool, clock);
        result = converter.convert(timeframe, label, got.files(), got.failed(), (d, n) -> {});
      } finally {
        store.deleteTree(incoming);
      }
      if (seeds != null && result.good() && !result.seedChanges().isEmpty()) {
        try {
          seeds.publish(result.seedChanges(), "BlueDot " + timeframe.folder() + " " + label);
        } catch (Exception e) {
          // The pages are converted and served; the seed repository catches up with the next batch.
          seedError[0] = "pushing " + result.seedChanges().size() + " seed files: " + e.getMessage();
        }
      }
      return result;
    })).onSuccess(r -> {
      if (seedError[0] != null) {
        failed.accept(seedError[0]);
      }
    });
  }

  /**
   * The previous batch's file count, 0 when there was none. An index that exists but cannot be
   * read fails closed: without it no batch could be told complete, and a partial one might
   * become {@code latest/}.
   */
  int previousBatchSize(Timeframe timeframe) {
    byte[] index;
    try {
      index = store.read(INDEX).orElse(null);
    } catch (IOException e) {
      throw new IllegalStateException(INDEX + " is unreadable (" + e.getMessage()
          + "): the completeness check fails closed until it is repaired or removed", e);
    }
    if (index == null) {
      return 0;
    }
    try {
      Object files = new JsonObject(new String(index, StandardCharsets.UTF_8))
          .getJsonObject(timeframe.folder(), new JsonObject()).getValue("files", 0);
      if (!(files instanceof Number n) || n.intValue() < 0) {
        throw new IllegalArgumentException("'" + timeframe.folder() + ".files' is not a file count");
      }
      return n.intValue();
    } catch (RuntimeException corrupt) {
      String why = String.valueOf(corrupt.getMessage()).lines().findFirst().orElse("");
      throw new IllegalStateException(INDEX + " is corrupt (" + why.substring(0, Math.min(160, why.length()))
          + "): the completeness check fails closed until it is repaired or removed", corrupt);
    }
  }
}
