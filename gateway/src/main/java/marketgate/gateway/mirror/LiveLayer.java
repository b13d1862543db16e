package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import marketgate.shared.bus.Addresses;

/**
 * The publisher's newest in-memory copy of the two files that change every few seconds, asked
 * over the bus ({@link Addresses#SNAPSHOT_FILE}), so readers see data before it reaches the disk.
 */
public final class LiveLayer implements MirrorLayer {
  public static final Set<String> PATHS =
      Set.of("data/candles/latest.json.gz", "data/ticks/ticks_latest.json.gz");

  private final Vertx vertx;
  private final FreshnessPolicy freshness;
  private final DeliveryOptions options;

  public LiveLayer(Vertx vertx, FreshnessPolicy freshness, long timeoutMillis) {
    this.vertx = vertx;
    this.freshness = freshness;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  @Override
  public String name() {
    return "live";
  }

  @Override
  public Future<CachedFile> fetch(String path, CachedFile previous) {
    if (!PATHS.contains(path)) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().<Buffer>request(Addresses.SNAPSHOT_FILE, new JsonObject().put("path", path), options)
        .map(reply -> {
          String etag = reply.headers().get("etag");
          long modified = parseLong(reply.headers().get("last-modified"));
          long now = System.currentTimeMillis();
          if (previous != null && etag != null && previous.etag().equals(CachedFile.strong(etag))) {
            return previous.refreshed(now, freshness.millisFor(path), name());
          }
          return CachedFile.of(path, reply.body().getBytes(), etag, modified, now, freshness.millisFor(path), name());
        })
        .recover(err -> isAbsent(err) ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** Nobody serving live data (gateway alone) or the publisher not holding the file: a miss, not an error. */
  private static boolean isAbsent(Throwable err) {
    return err instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS
            || (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == 404));
  }

  private static long parseLong(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
