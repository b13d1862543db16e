package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
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
    return vertx.executeBlocking(() -> read(path, previous), false); // unordered: one slow read must not hold the other reads of this event loop
  }

  private CachedFile read(String path, CachedFile previous) throws IOException {
    for (int attempt = 0; ; attempt++) {
      BasicFileAttributes before = store.attributes(path).orElse(null);
      if (before == null) {
        return null;
      }
      long modified = before.lastModifiedTime().toMillis();
      // Unchanged (same time and size) keeps its ETag and buffer, and is not read again: a 37 MB
      // snapshot revalidated every minute would otherwise be read whole every minute.
      if (previous != null && previous.lastModifiedMillis() == modified && previous.size() == before.size()) {
        return previous.refreshed(System.currentTimeMillis(), freshness.millisFor(path), name());
      }
      Optional<byte[]> bytes = store.read(path);
      if (bytes.isEmpty()) {
        return null;
      }
      // The publisher replaces files by rename: when the file changed under the read, the bytes may
      // belong to either version, so read again rather than pair them with the wrong time (only a
      // regular file has a size and time that say which version it is).
      Optional<BasicFileAttributes> after = store.attributes(path);
      boolean stable = !before.isRegularFile() || after.isPresent()
          && after.get().lastModifiedTime().toMillis() == modified && after.get().size() == bytes.get().length;
      if (stable || attempt == 2) {
        return CachedFile.of(path, bytes.get(), null, stable ? modified : 0L, System.currentTimeMillis(),
            freshness.millisFor(path), name());
      }
    }
  }
}
