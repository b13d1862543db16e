package marketgate.gateway.mirror;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * Hot copies in memory, bounded by bytes. An expired copy is kept until evicted by size: it is the
 * stale copy of last resort and the validator for conditional GETs.
 */
public final class MemoryLayer {
  /** Per-entry bookkeeping beyond the body, so many small files cannot overrun the bound. */
  private static final int ENTRY_OVERHEAD = 512;

  private final Cache<String, CachedFile> cache;
  private final BlobFiles blobs;

  public MemoryLayer(long maxBytes) {
    this(maxBytes, null);
  }

  /** @param blobs where large copies get a sendfile twin, or null for none */
  MemoryLayer(long maxBytes, BlobFiles blobs) {
    this.blobs = blobs;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String path, CachedFile file) ->
            (int) Math.min(Integer.MAX_VALUE, (long) file.size() + path.length() * 2L + ENTRY_OVERHEAD))
        .evictionListener((String path, CachedFile file, RemovalCause cause) -> {
          if (file != null) {
            file.blob().retire();
          }
        })
        .executor(Runnable::run)
        .build();
  }

  /** The copy held, fresh or not, or null. */
  public CachedFile get(String path) {
    return cache.getIfPresent(path);
  }

  public void put(CachedFile file) {
    CachedFile old = cache.asMap().put(file.path(), file);
    if (old != null && old.blob() != file.blob()) {
      old.blob().retire();
    }
    if (blobs != null && cache.asMap().get(file.path()) == file) {
      blobs.prepare(file);
    }
  }

  public void invalidate(String path) {
    CachedFile old = cache.asMap().remove(path);
    if (old != null) {
      old.blob().retire();
    }
  }

  public long entries() {
    return cache.estimatedSize();
  }

  public long bytes() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
  }
}
