package marketgate.shared.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A named exclusive lock of a data directory, for a read-modify-write over several files (a
 * BlueDot batch moving {@code latest/} and rewriting the consolidated index). It holds across the
 * threads of this JVM (a lock object per file) and across processes sharing the directory (an OS
 * file lock on {@code state/locks/<name>.lock}: a {@code marketgate job} beside a running node).
 * The OS drops the file lock when a process dies, so a crash never leaves it held.
 *
 * <p>Blocking: take it on a worker thread. One entry per lock file ever taken; a process uses a
 * handful of data directories and names, so the map stays that small.
 */
public final class DataLock implements AutoCloseable {
  public static final String LOCKS_DIR = "state/locks";
  private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock file;

  private DataLock(ReentrantLock local, FileChannel channel, FileLock file) {
    this.local = local;
    this.channel = channel;
    this.file = file;
  }

  /** Waits for the lock {@code name} (letters, digits, '-') of the data directory of {@code store}. */
  public static DataLock acquire(DataStore store, String name) throws IOException, InterruptedException {
    if (!name.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("lock name '" + name + "' is not letters, digits and '-'");
    }
    Path path = store.root().resolve(LOCKS_DIR).resolve(name + ".lock");
    ReentrantLock local = IN_THIS_JVM.computeIfAbsent(path, p -> new ReentrantLock());
    local.lockInterruptibly();
    FileChannel channel = null;
    try {
      Files.createDirectories(path.getParent());
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new DataLock(local, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      file.release();
      channel.close();
    } finally {
      local.unlock();
    }
  }
}
