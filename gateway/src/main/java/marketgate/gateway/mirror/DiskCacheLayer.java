package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import marketgate.shared.store.DataStore;

/**
 * Copies from remote layers kept on local disk, so a restart or a memory eviction does not cost an
 * upstream request. Bodies live under {@code files/}, validators and fetch time under {@code meta/}.
 */
public final class DiskCacheLayer implements MirrorLayer {
  private final Vertx vertx;
  private final DataStore cache;
  private final FreshnessPolicy freshness;

  public DiskCacheLayer(Vertx vertx, DataStore cache, FreshnessPolicy freshness) {
    this.vertx = vertx;
    this.cache = cache;
    this.freshness = freshness;
  }

  @Override
  public String name() {
    return "disk";
  }

  @Override
  public Future<CachedFile> fetch(String path, CachedFile previous) {
    return vertx.executeBlocking(() -> {
      Optional<byte[]> meta = cache.read("meta/" + path + ".json");
      if (meta.isEmpty()) {
        return null;
      }
      Optional<byte[]> body = cache.read("files/" + path);
      if (body.isEmpty()) {
        return null;
      }
      JsonObject m = new JsonObject(new String(meta.get(), StandardCharsets.UTF_8));
      return CachedFile.of(path, body.get(), m.getString("etag"), m.getLong("lastModified", 0L),
          m.getLong("fetchedAt", 0L), freshness.millisFor(path), name());
    }, false); // unordered: one slow read must not hold the other reads of this event loop
  }

  /** Saves a copy in the background; a failed save only costs a later upstream request. */
  public Future<Void> save(CachedFile file) {
    return vertx.executeBlocking(() -> {
      byte[] bytes = file.body().getBytes();
      // Body first, then meta: a reader that finds meta finds the body it describes (or a newer one).
      cache.write("files/" + file.path(), bytes);
      cache.write("meta/" + file.path() + ".json", new JsonObject()
          .put("etag", file.etag())
          .put("lastModified", file.lastModifiedMillis())
          .put("fetchedAt", file.fetchedAtMillis())
          .encode().getBytes(StandardCharsets.UTF_8));
      return null;
    }, false);
  }
}
