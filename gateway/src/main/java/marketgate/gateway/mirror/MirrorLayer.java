package marketgate.gateway.mirror;

import io.vertx.core.Future;

/** One place a mirrored file may come from. */
public interface MirrorLayer {
  /** The name used in config ({@code gateway.layers}), metrics and {@code X-Data-Source}. */
  String name();

  /**
   * This layer's copy of {@code path}: succeeds with null when the layer has no such file, fails when
   * it could not tell (timeout, connection refused, 5xx).
   *
   * @param previous the newest copy known so far (for conditional requests), or null
   */
  Future<CachedFile> fetch(String path, CachedFile previous);

  /** Copies from remote layers are worth keeping on local disk; local ones are not. */
  default boolean remote() {
    return false;
  }
}
