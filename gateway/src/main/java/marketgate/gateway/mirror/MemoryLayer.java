package marketgate.gateway.mirror;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Hot copies in memory, bounded by bytes. An expired copy is kept until evicted by size: it is the
 * stale copy of last resort and the validator for conditional GETs.
 */
public final class MemoryLayer {
  /** Per-entry bookkeeping beyond the body, so many small files cannot overrun the bound. */
  private static final int ENTRY_OVERHEAD = 512;

  private final Cache<String, CachedFile> cache;

  public MemoryLayer(long maxBytes) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String path, CachedFile file) ->
            (int) Math.min(Integer.MAX_VALUE, (long) file.size() + path.length() * 2L + ENTRY_OVERHEAD))
        .executor(Runnable::run)
        .build();
  }

  /** The copy held, fresh or not, or null. */
  public CachedFile get(String path) {
    return cache.getIfPresent(path);
  }

  public void put(CachedFile file) {
    cache.put(file.path(), file);
  }

  public void invalidate(String path) {
    cache.invalidate(path);
  }

  public long entries() {
    return cache.estimatedSize();
  }

  public long bytes() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
  }
}
