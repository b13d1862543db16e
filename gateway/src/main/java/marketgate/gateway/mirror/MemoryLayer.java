package marketgate.gateway.mirror;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * Hot copies in memory, bounded by bytes. An expired copy is kept until evicted by size: it is the
 * stale copy of last resort and the validator for conditional GETs. Each copy it holds gets its
 * {@link WireCopy} here, and each copy it lets go (replaced, invalidated, evicted) has it retired.
 */
public final class MemoryLayer {
  /** Per-entry bookkeeping beyond the body, so many small files cannot overrun the bound. */
  private static final int ENTRY_OVERHEAD = 512;

  private final Cache<String, CachedFile> cache;
  private final BlobFiles files;

  public MemoryLayer(long maxBytes) {
    this(maxBytes, null);
  }

  /** @param files where large copies get a sendfile twin, or null for none (served from the heap) */
  MemoryLayer(long maxBytes, BlobFiles files) {
    this.files = files;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String path, CachedFile file) ->
            (int) Math.min(Integer.MAX_VALUE, held(file) + path.length() * 2L + ENTRY_OVERHEAD))
        .evictionListener((String path, CachedFile file, RemovalCause cause) -> {
          if (file != null) {
            file.wire().retire();
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
    if (old != null && old.wire() != file.wire()) {
      old.wire().retire();
    }
    if (cache.asMap().get(file.path()) == file) {
      file.wire().prepareInMemory(file.body());
      if (files != null) {
        files.prepare(file);
      }
    }
  }

  /** The bytes a held copy costs: a small one is in the heap and in direct memory for the wire. */
  private static long held(CachedFile file) {
    return file.size() < WireCopy.SENDFILE_MIN_BYTES ? 2L * file.size() : file.size();
  }

  public void invalidate(String path) {
    CachedFile old = cache.asMap().remove(path);
    if (old != null) {
      old.wire().retire();
    }
  }

  public long entries() {
    return cache.estimatedSize();
  }

  public long bytes() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
  }
}
