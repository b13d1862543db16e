package marketgate.workers.bluedot.drive;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import marketgate.workers.bluedot.convert.FailedFile;

/**
 * Downloads a batch's files into a local folder: at most {@code concurrency} at a time, each
 * retried {@code retries} times with doubling backoff, and checked against Drive's
 * {@code md5Checksum} so a truncated transfer is retried instead of converted.
 */
public final class BatchDownloader {
  private final Vertx vertx;
  private final DriveClient drive;
  private final int concurrency;
  private final int retries;
  private final long backoffMillis;

  public BatchDownloader(Vertx vertx, DriveClient drive, int concurrency, int retries, long backoffMillis) {
    this.vertx = vertx;
    this.drive = drive;
    this.concurrency = Math.max(1, concurrency);
    this.retries = retries;
    this.backoffMillis = backoffMillis;
  }

  /** What arrived, and what did not (with the last error). */
  public record Downloaded(List<Path> files, List<FailedFile> failed) {}

  public Future<Downloaded> download(List<DriveFile> files, Path folder) {
    Queue<DriveFile> queue = new ArrayDeque<>(files);
    List<Path> done = new ArrayList<>();
    List<FailedFile> failed = new ArrayList<>();
    List<Future<Void>> lanes = new ArrayList<>();
    return vertx.fileSystem().mkdirs(folder.toString()).compose(v -> {
      for (int i = 0; i < Math.min(concurrency, files.size()); i++) {
        lanes.add(lane(queue, folder, done, failed));
      }
      return Future.all(lanes);
    }).map(v -> {
      synchronized (done) {
        return new Downloaded(List.copyOf(done), List.copyOf(failed));
      }
    });
  }

  /** One lane takes files off the shared queue until it is empty. */
  private Future<Void> lane(Queue<DriveFile> queue, Path folder, List<Path> done, List<FailedFile> failed) {
    DriveFile next;
    synchronized (queue) {
      next = queue.poll();
    }
    if (next == null) {
      return Future.succeededFuture();
    }
    Path target = folder.resolve(safeName(next.name()));
    return attempt(next, target, 0).transform(r -> {
      synchronized (done) {
        if (r.succeeded()) {
          done.add(target);
        } else {
          failed.add(new FailedFile(next.name(), "download failed after " + (retries + 1) + " attempts: "
              + r.cause().getMessage()));
        }
      }
      return lane(queue, folder, done, failed);
    });
  }

  private Future<Void> attempt(DriveFile file, Path target, int attempt) {
    Future<Void> one = drive.download(file.id()).compose(body -> {
      if (file.md5Checksum() != null && !file.md5Checksum().equalsIgnoreCase(md5(body))) {
        return Future.failedFuture("md5 " + md5(body) + " does not match Drive's " + file.md5Checksum());
      }
      return vertx.fileSystem().writeFile(target.toString(), body);
    });
    if (attempt >= retries) {
      return one;
    }
    return one.recover(e -> {
      Promise<Void> later = Promise.promise();
      vertx.setTimer(backoffMillis << attempt, t -> attempt(file, target, attempt + 1).onComplete(later));
      return later.future();
    });
  }

  static String md5(Buffer body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** Drive names are free text: keep them recognisable but harmless as a local file name. */
  static String safeName(String name) {
    String safe = name == null ? "_" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.startsWith(".") || safe.isEmpty() ? "_" + safe : safe;
  }
}
