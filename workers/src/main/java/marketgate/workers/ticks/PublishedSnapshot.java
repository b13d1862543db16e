package marketgate.workers.ticks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import marketgate.shared.bus.Addresses;
import marketgate.shared.store.DataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the newest published full snapshot for a node that starts the ticks unit: first the copy a
 * gateway of the cluster holds in memory ({@link Addresses#MIRROR_FILE}), else the one in this
 * node's data layer (a shared volume, or this node's own earlier publish). Answers null when there
 * is none; never fails.
 */
public final class PublishedSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedSnapshot.class);
  static final String PATH = "data/candles/latest.json.gz";
  private static final long BUS_TIMEOUT_MILLIS = 15_000;

  private PublishedSnapshot() {}

  public static Future<Buffer> newest(Vertx vertx, DataStore dataStore) {
    return vertx.eventBus().<Buffer>request(Addresses.MIRROR_FILE, new JsonObject().put("path", PATH),
            new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MILLIS))
        .map(reply -> {
          LOG.info("newest published snapshot: {} bytes from a gateway", reply.body().length());
          return reply.body();
        })
        .recover(none -> vertx.executeBlocking(() -> {
          try {
            return Buffer.buffer(Files.readAllBytes(dataStore.resolve(PATH)));
          } catch (NoSuchFileException absent) {
            return null;
          }
        }))
        .otherwise(e -> {
          LOG.warn("no published snapshot to seed from: {}", e.getMessage());
          return null;
        });
  }
}
