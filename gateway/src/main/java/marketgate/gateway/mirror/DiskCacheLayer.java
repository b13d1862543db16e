package marketgate.gateway.mirror;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import marketgate.gateway.ops.GatewayMetrics;
import marketgate.shared.store.DataStore;

/**
 * Copies from remote layers kept on local disk, so a restart or a memory eviction does not cost an
 * upstream request. Bodies live under {@code files/}, validators and fetch time under {@code meta/}.
 *
 * <p>Bounded by bytes: the least recently used copies are deleted once the total passes
 * {@code maxBytes}. The accounting lives in memory and is rebuilt at start by walking the directory
 * (oldest modification first), so the bound holds across restarts without an index file to corrupt.
 */
public final class DiskCacheLayer implements MirrorLayer {
  private static final System.Logger LOG = System.getLogger(DiskCacheLayer.class.getName());

  private final Vertx vertx;
  private final DataStore cache;
  private final FreshnessPolicy freshness;
  private final long maxBytes;
  private final GatewayMetrics metrics;
  /** path -> bytes on disk (body + meta), in access order: the first entry is the next to go. Guarded by itself. */
  private final LinkedHashMap<String, Long> lru = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  public DiskCacheLayer(Vertx vertx, DataStore cache, FreshnessPolicy freshness, long maxBytes, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.cache = cache;
    this.freshness = freshness;
    this.maxBytes = maxBytes;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return "disk";
  }

  /** Rebuilds the accounting from what is on disk (on a worker thread) and evicts past the bound. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      Path files = cache.root().resolve("files");
      List<Object[]> found = new ArrayList<>();
      if (Files.isDirectory(files)) {
        try (Stream<Path> walk = Files.walk(files)) {
          for (Iterator<Path> it = walk.iterator(); it.hasNext(); ) {
            Path file = it.next();
            if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(DataStore.TEMP_PREFIX)) {
              String path = files.relativize(file).toString().replace('\\', '/');
              Path meta = cache.root().resolve("meta").resolve(path + ".json");
              long size = Files.size(file) + (Files.isRegularFile(meta) ? Files.size(meta) : 0);
              found.add(new Object[] {path, size, Files.getLastModifiedTime(file).toMillis()});
            }
          }
        }
      }
      found.sort(Comparator.comparingLong(entry -> (Long) entry[2]));
      synchronized (lru) {
        for (Object[] entry : found) {
          lru.put((String) entry[0], (Long) entry[1]);
          bytes += (Long) entry[1];
        }
      }
      evictPastBound();
      return null;
    }, false);
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
      synchronized (lru) {
        lru.get(path); // a read makes the copy the most recently used
      }
      JsonObject m = new JsonObject(new String(meta.get(), StandardCharsets.UTF_8));
      return CachedFile.of(path, body.get(), m.getString("etag"), m.getLong("lastModified", 0L),
          m.getLong("fetchedAt", 0L), freshness.millisFor(path), name());
    }, false); // unordered: one slow read must not hold the other reads of this event loop
  }

  /** Saves a copy in the background; a failed save only costs a later upstream request. */
  public Future<Void> save(CachedFile file) {
    return vertx.executeBlocking(() -> {
      byte[] body = file.body().getBytes();
      byte[] meta = new JsonObject()
          .put("etag", file.etag())
          .put("lastModified", file.lastModifiedMillis())
          .put("fetchedAt", file.fetchedAtMillis())
          .encode().getBytes(StandardCharsets.UTF_8);
      // Body first, then meta: a reader that finds meta finds the body it describes (or a newer one).
      cache.write("files/" + file.path(), body);
      cache.write("meta/" + file.path() + ".json", meta);
      synchronized (lru) {
        Long old = lru.put(file.path(), (long) body.length + meta.length);
        bytes += body.length + meta.length - (old == null ? 0 : old);
      }
      evictPastBound();
      return null;
    }, false);
  }

  /** Deletes least recently used copies until the total is within the bound; runs on a worker thread. */
  private void evictPastBound() {
    List<String> victims = new ArrayList<>();
    synchronized (lru) {
      Iterator<Map.Entry<String, Long>> it = lru.entrySet().iterator();
      while (bytes > maxBytes && it.hasNext()) {
        Map.Entry<String, Long> eldest = it.next();
        bytes -= eldest.getValue();
        victims.add(eldest.getKey());
        it.remove();
      }
    }
    for (String path : victims) {
      try {
        // Meta first: without it a reader treats the copy as absent, whatever happens to the body.
        cache.delete("meta/" + path + ".json");
        cache.delete("files/" + path);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not evict {0} from the disk cache: {1}", path, e.getMessage());
      }
    }
    if (!victims.isEmpty()) {
      metrics.diskEvictions(victims.size());
    }
  }

  public long bytes() {
    synchronized (lru) {
      return bytes;
    }
  }

  public int entries() {
    synchronized (lru) {
      return lru.size();
    }
  }

  public long maxBytes() {
    return maxBytes;
  }
}
