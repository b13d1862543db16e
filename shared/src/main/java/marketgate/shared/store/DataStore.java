package marketgate.shared.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
    Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
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
   * Removes temp files a killed process left behind (a crash between write and rename); call at
   * start, before any writer runs. Returns how many were removed.
   */
  public int removeStaleTempFiles() throws IOException {
    int[] removed = {0};
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.getFileName().toString().startsWith(TEMP_PREFIX) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
          removed[0]++;
        }
      }
    }
    return removed[0];
  }

  /** Deletes a directory and everything under it; returns the number of files removed. */
  public int deleteTree(String relativeDir) throws IOException {
    Path dir = resolve(relativeDir);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int[] removed = {0};
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            removed[0]++;
          }
          Files.delete(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return removed[0];
  }
}
