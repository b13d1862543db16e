package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import marketgate.shared.bus.Addresses;

/**
 * Answers {@link Addresses#MIRROR_FILE} from this gateway's memory layer: the newest published copy
 * a gateway holds (pushed on every {@code snapshot.published}) is how a node that takes the ticks
 * unit over after a failover seeds its candle store when it has no shared volume with the node that
 * died.
 */
public final class MemoryFileResponder {
  private final Vertx vertx;
  private final MemoryLayer memory;

  public MemoryFileResponder(Vertx vertx, MemoryLayer memory) {
    this.vertx = vertx;
    this.memory = memory;
  }

  public Future<Void> start() {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.MIRROR_FILE, this::answer);
    return consumer.completion();
  }

  void answer(Message<JsonObject> message) {
    String path = message.body() == null ? null : message.body().getString("path");
    CachedFile copy = path == null ? null : memory.get(path);
    if (copy == null) {
      message.fail(404, "this gateway holds no copy of " + path);
      return;
    }
    message.reply(copy.body(), new DeliveryOptions()
        .addHeader("etag", copy.etag())
        .addHeader("last-modified", String.valueOf(copy.lastModifiedMillis())));
  }
}
