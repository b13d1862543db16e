package marketgate.gateway.mirror;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bytes of one copy the memory layer holds, in the form a response writes without copying them
 * again: a direct buffer for a small copy, an unlinked file sent with sendfile(2) for a large one (on
 * large bodies the copy from memory into the socket is most of the cost). Shared by every
 * {@link CachedFile} with the same body.
 *
 * <p>Reference-counted: the memory layer holds one reference from {@link #prepareInMemory} or the
 * file's writing until it lets the copy go ({@link #retire()}), each response one more while it
 * writes. The native memory or the file is freed the moment the count reaches zero. Left to the GC,
 * the copies a publish replaces every few seconds were freed only when an old-generation collection
 * found their owners, and the soak's RSS grew by megabytes a minute (docs/benchmarks.md).
 */
public final class WireCopy {
  /**
   * From 219 KB up sendfile, corked ({@link CorkedSendfile}), served as many or more requests a second
   * than writing the body from memory (docs/benchmarks.md); a smaller body goes from memory with its
   * headers in one writev, two syscalls fewer than cork, sendfile and uncork.
   */
  static final int SENDFILE_MIN_BYTES = 64 * 1024;

  /** Netty's pooled arenas, the ones the HTTP server writes from: freed memory is reused, not returned to malloc. */
  private static final ByteBufAllocator ALLOCATOR = ByteBufAllocator.DEFAULT;

  /** What one response writes: exactly one of the two is set. */
  record Lease(FileChannel file, Buffer memory) {}

  /** The memory layer's reference plus one per response in flight; 0 means freed, for good. */
  private final AtomicInteger users = new AtomicInteger(1);
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final AtomicReference<FileChannel> file = new AtomicReference<>();
  private final AtomicReference<ByteBuf> memory = new AtomicReference<>();
  /** The same direct bytes as a Vert.x buffer, made once: each write slices it, so responses never share indexes. */
  private volatile Buffer memoryView;

  /** The bytes for one response, or null (not made yet, or freed); pair a lease with {@link #release()}. */
  Lease acquire() {
    for (int n = users.get(); n > 0; n = users.get()) {
      if (users.compareAndSet(n, n + 1)) {
        // From here the count cannot reach 0, so what is set stays open until release().
        FileChannel ch = file.get();
        if (ch != null) {
          return new Lease(ch, null);
        }
        Buffer view = memoryView;
        if (view != null && memory.get() != null) {
          return new Lease(null, view);
        }
        release();
        return null;
      }
    }
    return null;
  }

  void release() {
    if (users.decrementAndGet() == 0) {
      free();
    }
  }

  /** The memory layer no longer holds a copy with this body: freed once the responses in flight are done. */
  void retire() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }

  /** True for the one caller that should make the wire form. */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  /** Copies a small body into pooled direct memory, once; a large one waits for its file instead. */
  void prepareInMemory(Buffer body) {
    if (body.length() >= SENDFILE_MIN_BYTES || !claim()) {
      return;
    }
    ByteBuf direct = ALLOCATOR.directBuffer(body.length(), body.length());
    direct.writeBytes(((BufferInternal) body).getByteBuf());
    memoryView = BufferInternal.buffer(direct);
    memory.set(direct);
    if (users.get() <= 0) {
      free(); // retired while it was being copied
    }
  }

  void fileReady(FileChannel written) {
    file.set(written);
    if (users.get() <= 0) {
      free(); // retired while it was being written
    }
  }

  public boolean isReady() {
    return users.get() > 0 && (file.get() != null || memory.get() != null);
  }

  /** Whether the native memory or the file is still held (for tests: freed at once, not at a GC). */
  boolean holdsResources() {
    return file.get() != null || memory.get() != null;
  }

  /** Each resource is taken by exactly one caller, so a free racing a late prepare frees everything once. */
  private void free() {
    ByteBuf direct = memory.getAndSet(null);
    if (direct != null) {
      memoryView = null;
      direct.release();
    }
    FileChannel ch = file.getAndSet(null);
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // an unlinked file: closing only frees its pages
      }
    }
  }
}
