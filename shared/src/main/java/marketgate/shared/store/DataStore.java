package marketgate.shared.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The data layer: a tree of files under one root, addressed by relative paths such as
 * {@code data/candles/latest.json.gz}.
 *
 * <p>Writes go to a temporary file in the same directory and are renamed over the target, so a
 * reader (or a crash) never sees a torn file. Every path is validated: no {@code ..}, no absolute
 * paths, no NUL, no backslash, and no symlink that leads out of the root.
 *
 * <p>All methods block: call them from a worker verticle or {@code executeBlocking}.
 */
public final class DataStore {
  /** Prefix of temporary files; readers and listings skip them. */
  public static final String TEMP_PREFIX = ".tmp-";
  /** Where each writing process holds a lock file while it runs ({@code <writer>.lock}). */
  public static final String WRITERS_DIR = "state/writers";
  /**
   * This process's tag in its temp names. Several processes may share a data directory (a
   * gateway beside a worker), so a start-up cleans only temp files whose writer is gone.
   */
  private static final String WRITER = String.format("%016x", new java.security.SecureRandom().nextLong());
  private static final java.util.regex.Pattern OWNED = java.util.regex.Pattern.compile("-w([0-9a-f]{16})-[0-9a-f]+$");
  /** Untagged temp files (older versions, other tools) are removed only when older than this. */
  static final long UNTAGGED_AGE_MILLIS = 24 * 3_600_000L;
  /** One writer lock per data root for the whole JVM (a JVM cannot lock one file twice). */
  private static final java.util.Map<Path, java.nio.channels.FileLock> HELD = new java.util.concurrent.ConcurrentHashMap<>();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataStore.class);

  private final Path root;
  private final Path realRoot;

  public DataStore(Path root) throws IOException {
    Files.createDirectories(root);
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
  }

  public Path root() {
    return root;
  }

  /** Checks a relative path and returns it in normal form (segments joined by {@code /}). */
  public static String normalize(String relative) {
    if (relative == null || relative.isEmpty()) {
      throw new InvalidPathException(relative, "empty");
    }
    if (relative.indexOf('\0') >= 0) {
      throw new InvalidPathException(relative, "contains a NUL byte");
    }
    if (relative.indexOf('\\') >= 0) {
      throw new InvalidPathException(relative, "contains a backslash");
    }
    if (relative.startsWith("/") || (relative.length() > 1 && relative.charAt(1) == ':')) {
      throw new InvalidPathException(relative, "absolute paths are not allowed");
    }
    StringBuilder out = new StringBuilder(relative.length());
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new InvalidPathException(relative, "empty path segment");
      }
      if (segment.equals("..") || segment.equals(".")) {
        throw new InvalidPathException(relative, "'" + segment + "' segments are not allowed");
      }
      for (int i = 0; i < segment.length(); i++) {
        if (Character.isISOControl(segment.charAt(i))) {
          throw new InvalidPathException(relative, "contains a control character");
        }
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.toString();
  }

  /** Resolves a relative path under the root, refusing anything that would leave it. */
  public Path resolve(String relative) throws IOException {
    Path target = root.resolve(normalize(relative)).normalize();
    if (!target.startsWith(root)) {
      throw new InvalidPathException(relative, "leaves the data root");
    }
    // A symlink anywhere on the way may point outside: check the deepest existing ancestor.
    Path existing = target;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
      throw new InvalidPathException(relative, "a symlink leads out of the data root");
    }
    return target;
  }

  /** Writes the whole file atomically: temp file, fsync, rename over the target. */
  public void write(String relative, byte[] content) throws IOException {
    write(relative, out -> out.write(content));
  }

  /** A producer of file content that may throw, for streaming writes. */
  @FunctionalInterface
  public interface ContentWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Streams content into a temp file and renames it over the target when complete. */
  public void write(String relative, ContentWriter writer) throws IOException {
    Path target = resolve(relative);
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(tempName(target.getFileName().toString()));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new java.io.BufferedOutputStream(SlicedWrites.output(channel), 1 << 16)) {
        writer.writeTo(out);
        out.flush();
        channel.force(false);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The file's bytes, or empty when it does not exist. */
  public Optional<byte[]> read(String relative) throws IOException {
    Path file = resolve(relative);
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  public boolean exists(String relative) throws IOException {
    return Files.isRegularFile(resolve(relative));
  }

  /** Size and modification time in one stat, or empty when the file does not exist. */
  public Optional<BasicFileAttributes> attributes(String relative) throws IOException {
    try {
      return Optional.of(Files.readAttributes(resolve(relative), BasicFileAttributes.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  public Optional<FileTime> lastModified(String relative) throws IOException {
    Path file = resolve(relative);
    return Files.isRegularFile(file) ? Optional.of(Files.getLastModifiedTime(file)) : Optional.empty();
  }

  /** Names of the entries of a directory (files and folders), sorted, temp files excluded. */
  public List<String> list(String relativeDir) throws IOException {
    Path dir = resolve(relativeDir);
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(TEMP_PREFIX)) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }

  public boolean delete(String relative) throws IOException {
    return Files.deleteIfExists(resolve(relative));
  }

  /**
   * A temp name for {@code name} in the same folder, tagged with this process; holds this
   * process's writer lock from now on so other processes' start-ups leave the file alone.
   */
  public String tempName(String name) throws IOException {
    holdWriterLock();
    return TEMP_PREFIX + name + "-w" + WRITER + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  private void holdWriterLock() throws IOException {
    if (HELD.containsKey(realRoot)) {
      return;
    }
    synchronized (HELD) {
      if (HELD.containsKey(realRoot)) {
        return;
      }
      Path lockFile = root.resolve(WRITERS_DIR).resolve(WRITER + ".lock");
      Files.createDirectories(lockFile.getParent());
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      // Held until the JVM exits, when the OS releases it: that is how others know this writer is gone.
      java.nio.channels.FileLock lock = channel.lock();
      if (!Files.exists(lockFile)) {
        // Another start-up's cleanup removed the file between our create and lock: lock a fresh one.
        lock.release();
        channel.close();
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.lock();
      }
      HELD.put(realRoot, lock);
    }
  }

  /** What a start-up cleanup did. */
  public record Cleanup(int removed, int keptForLiveWriters, int unreadable) {}

  /**
   * Removes temp files that a killed process left behind (a crash between write and rename); call
   * at start. Only files whose writer is gone are removed: a tagged file whose writer still holds
   * its lock is kept, and an untagged one only goes once it is a day old. An entry that cannot be
   * read or removed is logged and counted, never fatal.
   */
  public Cleanup removeStaleTempFiles() {
    java.util.Map<String, Boolean> alive = new java.util.HashMap<>();
    int[] counts = new int[3];
    try {
      Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes attrs) {
          String name = p.getFileName().toString();
          if (!name.startsWith(TEMP_PREFIX) || !attrs.isRegularFile()) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }
          try {
            java.util.regex.Matcher owner = OWNED.matcher(name);
            boolean stale = owner.find() ? !alive.computeIfAbsent(owner.group(1), DataStore.this::writerAlive)
                : attrs.lastModifiedTime().toMillis() < System.currentTimeMillis() - UNTAGGED_AGE_MILLIS;
            if (!stale) {
              counts[1]++;
            } else if (Files.deleteIfExists(p)) {
              counts[0]++;
            }
          } catch (IOException | RuntimeException e) {
            unreadable(p, e);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) {
          unreadable(p, e);
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        private void unreadable(Path p, Exception e) {
          counts[2]++;
          LOG.warn("temp-file cleanup passed over {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      counts[2]++;
      LOG.warn("temp-file cleanup stopped: {}", e.toString());
    }
    removeLocksOfGoneWriters(alive);
    return new Cleanup(counts[0], counts[1], counts[2]);
  }

  /** A writer is alive while someone holds its lock file; this process always is. */
  private boolean writerAlive(String writer) {
    if (writer.equals(WRITER)) {
      return true;
    }
    Path lockFile = root.resolve(WRITERS_DIR).resolve(writer + ".lock");
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock probe = channel.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      // Unsure: keep its files rather than delete a live writer's.
      LOG.warn("cannot tell whether writer {} runs ({}): its temp files are kept", writer, e.toString());
      return true;
    }
  }

  /** Lock files of writers that are gone (with or without temp files left) do not pile up. */
  private void removeLocksOfGoneWriters(java.util.Map<String, Boolean> checked) {
    try (DirectoryStream<Path> locks = Files.newDirectoryStream(root.resolve(WRITERS_DIR), "*.lock")) {
      for (Path lock : locks) {
        String writer = lock.getFileName().toString().replace(".lock", "");
        if (!checked.computeIfAbsent(writer, this::writerAlive)) {
          Files.deleteIfExists(lock);
        }
      }
    } catch (NoSuchFileException e) {
      // No process has written here yet.
    } catch (IOException | RuntimeException e) {
      LOG.warn("cleaning {}: {}", WRITERS_DIR, e.toString());
    }
  }

  /** Deletes a directory and everything under it; returns the number of files removed. */
  public int deleteTree(String relativeDir) throws IOException {
    Path dir = resolve(relativeDir);
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? deleteTree(dir) : 0;
  }

  /**
   * Deletes a tree (links are removed, never followed) and returns the number of regular files
   * removed, tolerating another deleter in it at the same time: an entry gone meanwhile is not an
   * error. (A BlueDot batch removes its previous {@code latest/} on a pool thread while the stale-temp
   * scan of the same or a concurrent batch may reach that folder too.)
   */
  public static int deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int[] removed = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (Files.deleteIfExists(file) && attrs.isRegularFile()) {
          removed[0]++;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(directory);
        return FileVisitResult.CONTINUE;
      }
    });
    return removed[0];
  }
}
