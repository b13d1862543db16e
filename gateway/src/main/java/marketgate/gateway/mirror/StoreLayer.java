package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import marketgate.shared.store.DataStore;

/** The data layer on this machine ({@code config.dataDir()}), as the publisher writes it. */
public final class StoreLayer implements MirrorLayer {
  private final Vertx vertx;
  private final DataStore store;
  private final FreshnessPolicy freshness;

  public StoreLayer(Vertx vertx, DataStore store, FreshnessPolicy freshness) {
    this.vertx = vertx;
    this.store = store;
    this.freshness = freshness;
  }

  @Override
  public String name() {
    return "store";
  }

  @Override
  public Future<CachedFile> fetch(String path, CachedFile previous) {
    return vertx.executeBlocking(() -> {
      Optional<byte[]> bytes = store.read(path);
      if (bytes.isEmpty()) {
        return null;
      }
      long modified = store.lastModified(path).map(t -> t.toMillis()).orElse(0L);
      // Unchanged bytes keep their ETag and buffer: clients' validators stay good, no new copy.
      if (previous != null && previous.lastModifiedMillis() == modified && previous.size() == bytes.get().length) {
        return previous.refreshed(System.currentTimeMillis(), freshness.millisFor(path), name());
      }
      return CachedFile.of(path, bytes.get(), null, modified, System.currentTimeMillis(),
          freshness.millisFor(path), name());
    }, false); // unordered: one slow read must not hold the other reads of this event loop
  }
}
