package marketgate.workers.bluedot.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.store.DataStore;

/**
 * The hidden folder a batch is written into before it is renamed into place, made from a pruned
 * batch's folder when one is kept: the new batch overwrites its files of the same names (the same
 * symbols and series, a day or two older) instead of creating 5,000 files and having pruning delete
 * 5,000 others, as PostgreSQL recycles its WAL segments. On this VM's ext4 deleting a batch took
 * 0.6-1 s and creating one's files 0.4 s to several seconds; overwriting them in place costs a
 * fraction of that (docs/benchmarks.md, "BlueDot").
 *
 * <p>Pruned batch folders wait in {@code pages/<timeframe>/.tmp-spare/} (hidden from listings, like
 * every temp name), at most {@link #MAX_SPARE_FOLDERS}; further ones are deleted. A file is
 * overwritten only when no other name links it: a seed file may still be a hard link to a pruned
 * batch's file (its series has not changed since), and writing into it would change the seed. Such a
 * file is unlinked from the folder and written anew. Files of the old batch that the new one does not
 * write (a symbol gone, a file now quarantined) are removed by {@link #removeLeftovers} before the
 * folder is installed. Writes are thread-safe.
 */
public final class StagingFolder {
  public static final String SPARE = DataStore.TEMP_PREFIX + "spare";
  /** Pruned batch folders kept at most; a daily batch prunes one and claims one. */
  static final int MAX_SPARE_FOLDERS = 2;

  private final Path path;
  private final boolean recycled;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final AtomicInteger overwritten = new AtomicInteger();

  private StagingFolder(Path path, boolean recycled) {
    this.path = path;
    this.recycled = recycled;
  }

  /**
   * Makes {@code staging} (a new hidden name in {@code timeframeDir}) from the newest spare folder,
   * or creates it empty when there is none (or another batch claimed it first).
   */
  public static StagingFolder claim(Path timeframeDir, Path staging) throws IOException {
    List<Path> spares = spareFolders(timeframeDir.resolve(SPARE));
    for (int i = spares.size() - 1; i >= 0; i--) {
      try {
        PagesTree.move(spares.get(i), staging);
      } catch (NoSuchFileException claimedByAnotherBatch) {
        continue;
      }
      // What the pruned batch had besides its CSVs is rewritten by the new batch when it has any.
      DataStore.deleteTree(staging.resolve(PagesTree.QUARANTINE));
      return new StagingFolder(staging, true);
    }
    Files.createDirectory(staging);
    return new StagingFolder(staging, false);
  }

  /**
   * Moves a pruned batch folder aside for a later batch to claim, or deletes it when
   * {@link #MAX_SPARE_FOLDERS} are kept already.
   */
  public static void retire(Path timeframeDir, Path batchFolder) throws IOException {
    Path spare = timeframeDir.resolve(SPARE);
    if (spareFolders(spare).size() >= MAX_SPARE_FOLDERS) {
      DataStore.deleteTree(batchFolder);
      return;
    }
    Files.createDirectories(spare);
    PagesTree.move(batchFolder, spare.resolve(batchFolder.getFileName() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)));
  }

  public Path path() {
    return path;
  }

  /** Writes the file {@code name} of the new batch; each name at most once. */
  public void write(String name, byte[] bytes) throws IOException {
    if (!written.add(name)) {
      throw new java.nio.file.FileAlreadyExistsException(path.resolve(name).toString());
    }
    Path file = path.resolve(name);
    if (recycled && overwrite(file, bytes)) {
      overwritten.incrementAndGet();
      return;
    }
    Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** Removes the old batch's files the new one did not write; call when every file is written. */
  public void removeLeftovers() throws IOException {
    if (!recycled) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, Files::isRegularFile)) {
      for (Path file : entries) {
        if (!written.contains(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
    }
  }

  /** Files written over a pruned batch's file rather than created. */
  public int overwritten() {
    return overwritten.get();
  }

  /** False when the file is not there or is linked elsewhere too (then it is unlinked from here). */
  private static boolean overwrite(Path file, byte[] bytes) throws IOException {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(file, "unix:nlink,size,isRegularFile", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (!Boolean.TRUE.equals(attributes.get("isRegularFile")) || ((Number) attributes.get("nlink")).intValue() != 1) {
      DataStore.deleteTree(file); // the other names keep the file and its bytes
      return false;
    }
    // No truncate before writing: the file keeps its blocks, and is cut after only if it was longer.
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      marketgate.shared.store.SlicedWrites.write(channel, ByteBuffer.wrap(bytes));
      if (((Number) attributes.get("size")).longValue() > bytes.length) {
        channel.truncate(bytes.length);
      }
    }
    return true;
  }

  private static List<Path> spareFolders(Path spare) throws IOException {
    List<Path> folders = new ArrayList<>();
    if (!Files.isDirectory(spare)) {
      return folders;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(spare, Files::isDirectory)) {
      entries.forEach(folders::add);
    }
    folders.sort(null); // by batch label: the newest last
    return folders;
  }
}
