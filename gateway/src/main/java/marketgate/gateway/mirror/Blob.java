package marketgate.gateway.mirror;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bytes of one large copy also in an unlinked file, so its responses go out with sendfile(2) from
 * the page cache instead of being copied from our memory into the socket: on large bodies that copy
 * is most of the cost. Shared by every {@link CachedFile} with the same body; the file is written once,
 * in the background, when the copy enters the memory layer, and closed when the last response using
 * it has finished after the memory layer let the copy go.
 */
public final class Blob {
  /** Below this, writing the body from memory was as fast as sendfile in our measurements (docs/benchmarks.md). */
  static final int MIN_BYTES = 512 * 1024;

  /** The memory layer's reference plus one per response in flight; 0 means closed. */
  private final AtomicInteger users = new AtomicInteger(1);
  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean retired = new AtomicBoolean();
  private volatile FileChannel channel;

  /** The channel for one response, or null (not written yet, or closing); pair it with {@link #release()}. */
  FileChannel acquire() {
    FileChannel ch = channel;
    if (ch == null || !ch.isOpen()) {
      return null;
    }
    for (int n = users.get(); n > 0; n = users.get()) {
      if (users.compareAndSet(n, n + 1)) {
        return ch;
      }
    }
    return null;
  }

  void release() {
    if (users.decrementAndGet() == 0) {
      close();
    }
  }

  /** The memory layer no longer holds a copy with this body: close once the responses in flight are done. */
  void retire() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }

  /** True for the one caller that should write the file. */
  boolean claim() {
    return requested.compareAndSet(false, true);
  }

  void ready(FileChannel written) {
    channel = written;
    if (users.get() <= 0) {
      close(); // retired while it was being written
    }
  }

  public boolean isReady() {
    return channel != null && users.get() > 0;
  }

  private void close() {
    FileChannel ch = channel;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // an unlinked file: closing only frees its pages
      }
    }
  }
}
