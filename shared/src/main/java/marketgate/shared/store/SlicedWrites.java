package marketgate.shared.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * Writes to file channels at most {@link #MAX_BYTES} at a time. The JDK writes a heap buffer by
 * copying it into a temporary direct buffer of the same size, which it then keeps cached on the
 * writing thread. One 2 MB write (a published snapshot) left 2 MB of native memory on every worker
 * thread that ever made it, a 37 MB sendfile twin 37 MB, and the soak's RSS crept up for the whole
 * run (docs/benchmarks.md, "Soak"). Slices keep that cache at 64 KB a thread.
 */
public final class SlicedWrites {
  public static final int MAX_BYTES = 64 * 1024;

  private SlicedWrites() {}

  /** Writes all of {@code src} (from its position to its limit). */
  public static void write(FileChannel channel, ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      int n = Math.min(MAX_BYTES, src.remaining());
      ByteBuffer slice = src.slice(src.position(), n);
      while (slice.hasRemaining()) {
        channel.write(slice);
      }
      src.position(src.position() + n);
    }
  }

  /** An unbuffered stream over the channel that hands it at most {@link #MAX_BYTES} per write. */
  public static OutputStream output(FileChannel channel) {
    return new FilterOutputStream(Channels.newOutputStream(channel)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int end = off + len; off < end; off += MAX_BYTES) {
          out.write(b, off, Math.min(MAX_BYTES, end - off));
        }
      }
    };
  }
}
