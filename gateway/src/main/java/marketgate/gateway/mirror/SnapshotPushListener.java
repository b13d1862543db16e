package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import marketgate.shared.bus.Addresses;

/**
 * Push instead of poll: when the publisher announces a snapshot ({@link Addresses#SNAPSHOT_PUBLISHED}),
 * the announced files are fetched at once (live copy, else the store) and replace the memory copies,
 * so a reader never waits out a freshness period for data the cluster already has.
 */
public final class SnapshotPushListener {
  private static final System.Logger LOG = System.getLogger(SnapshotPushListener.class.getName());

  private final Vertx vertx;
  private final MemoryLayer memory;
  private final MirrorReader reader;
  private final LiveLayer live;
  private final StoreLayer store;

  public SnapshotPushListener(Vertx vertx, MemoryLayer memory, MirrorReader reader, LiveLayer live, StoreLayer store) {
    this.vertx = vertx;
    this.memory = memory;
    this.reader = reader;
    this.live = live;
    this.store = store;
  }

  public Future<Void> start() {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.SNAPSHOT_PUBLISHED, this::onPublished);
    return consumer.completion();
  }

  void onPublished(Message<JsonObject> message) {
    JsonArray files = message.body() == null ? null : message.body().getJsonArray("files");
    if (files == null) {
      LOG.log(System.Logger.Level.WARNING, "snapshot.published without a files array, ignored: {0}", message.body());
      return;
    }
    for (Object entry : files) {
      if (entry instanceof JsonObject file && file.getString("path") != null) {
        refresh(file.getString("path"));
      }
    }
  }

  /** Replaces the memory copy; when neither source has the new bytes the old copy is dropped, so the next read goes upstream. */
  Future<CachedFile> refresh(String path) {
    String normalized;
    try {
      normalized = marketgate.shared.store.DataStore.normalize(path);
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, "snapshot.published names an invalid path, ignored: {0}", e.getMessage());
      return Future.succeededFuture();
    }
    return live.fetch(normalized, null)
        .recover(err -> Future.succeededFuture())
        .compose(copy -> copy != null ? Future.succeededFuture(copy) : store.fetch(normalized, null))
        .onSuccess(copy -> {
          if (copy != null) {
            reader.offer(copy);
          } else {
            memory.invalidate(normalized);
          }
        })
        .onFailure(err -> memory.invalidate(normalized))
        .onFailure(err -> LOG.log(System.Logger.Level.WARNING, "could not refresh {0} after a publish: {1}", normalized, err.getMessage()));
  }
}
