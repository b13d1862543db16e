package marketgate.shared.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large writes reach the file whole, without leaving a buffer of their size cached on the writing thread. */
class SlicedWritesTest {
  private static final int FOUR_MB = 4 << 20;

  @TempDir Path dir;

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  @Test
  void everySizeArrivesWhole() throws Exception {
    DataStore store = new DataStore(dir);
    for (int size : new int[] {0, 1, SlicedWrites.MAX_BYTES - 1, SlicedWrites.MAX_BYTES, SlicedWrites.MAX_BYTES + 1, FOUR_MB + 3}) {
      byte[] content = bytes(size);
      store.write("data/f" + size + ".bin", content);
      assertArrayEquals(content, Files.readAllBytes(dir.resolve("data/f" + size + ".bin")), "size " + size);

      Path twin = dir.resolve("twin" + size);
      try (FileChannel channel = FileChannel.open(twin, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        SlicedWrites.write(channel, ByteBuffer.wrap(content));
      }
      assertArrayEquals(content, Files.readAllBytes(twin), "channel write of size " + size);
    }
  }

  @Test
  void aLargeWriteLeavesNoLargeDirectBufferOnItsThread() throws Exception {
    byte[] content = bytes(FOUR_MB);
    // The mechanism, on a thread of its own: a plain channel stream caches a copy buffer of the write's size.
    long plain = directBytesAddedOnAFreshThread(() -> {
      try (FileChannel channel = FileChannel.open(dir.resolve("plain"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        out.write(content);
      }
      return null;
    });
    assumeTrue(plain >= FOUR_MB, "this JDK caches per-thread copy buffers (added " + plain + " bytes)");

    DataStore store = new DataStore(dir);
    long sliced = directBytesAddedOnAFreshThread(() -> {
      store.write("data/sliced.bin", content);
      return null;
    });
    // 64 KB expected; the margin is for anything else in this JVM that allocates direct memory meanwhile.
    assertTrue(sliced < FOUR_MB / 4, "a 4 MB write left " + sliced + " bytes of direct memory on its thread");
  }

  /** Direct memory in use after the task, minus before, measured on the task's thread while it is still alive. */
  private static long directBytesAddedOnAFreshThread(Callable<Void> task) throws Exception {
    BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
    FutureTask<Long> measured = new FutureTask<>(() -> {
      long before = direct.getMemoryUsed();
      task.call();
      return direct.getMemoryUsed() - before;
    });
    Thread thread = new Thread(measured, "sliced-writes-test");
    thread.start();
    return measured.get();
  }
}
