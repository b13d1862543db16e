package marketgate.workers.bluedot.convert;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import marketgate.shared.store.DataStore;

/**
 * The folders of {@code pages/<timeframe>/}: a batch is written into a hidden staging folder and
 * renamed into place whole, so the mirror never serves half a batch; {@code latest/} is rebuilt
 * from hard links (no data copied, and plain files for git and static hosting, unlike a symlink)
 * and swapped in; old dated folders are pruned.
 */
public final class PagesTree {
  private static final Pattern BATCH_FOLDER = Pattern.compile("^\\d{4}-(\\d{2}-\\d{2}|W\\d{2})$");
  public static final String LATEST = "latest";
  public static final String QUARANTINE = "_quarantine";

  private final DataStore store;

  public PagesTree(DataStore store) {
    this.store = store;
  }

  public static String timeframeDir(Timeframe timeframe) {
    return "pages/" + timeframe.folder();
  }

  public static String batchDir(Timeframe timeframe, String label) {
    return timeframeDir(timeframe) + "/" + label;
  }

  /** A new batch's staging folder, made from a pruned batch's folder when one is kept ({@link StagingFolder}). */
  public StagingFolder claimStaging(Timeframe timeframe, String label) throws IOException {
    Path parent = store.resolve(timeframeDir(timeframe));
    Files.createDirectories(parent);
    return StagingFolder.claim(parent, parent.resolve(DataStore.TEMP_PREFIX + label + "-" + random()));
  }

  /** A fresh hidden folder next to where the batch will live; temp names are skipped by listings. */
  public Path newStaging(Timeframe timeframe, String label) throws IOException {
    Path parent = store.resolve(timeframeDir(timeframe));
    Files.createDirectories(parent);
    Path staging = parent.resolve(DataStore.TEMP_PREFIX + label + "-" + random());
    Files.createDirectory(staging);
    return staging;
  }

  /** Replaces {@code target} (relative) by the staged folder; a previous run's folder is removed. */
  public void install(Path staging, String target) throws IOException {
    Path old = replace(staging, target);
    if (old != null) {
      DataStore.deleteTree(old);
    }
  }

  /**
   * Replaces {@code target} (relative) by the staged folder; returns the folder it replaced, moved
   * to a hidden name for the caller to delete, or null.
   */
  private Path replace(Path staging, String target) throws IOException {
    Path dest = store.resolve(target);
    Path old = null;
    if (Files.exists(dest)) {
      old = dest.resolveSibling(DataStore.TEMP_PREFIX + "old-" + dest.getFileName() + "-" + random());
      move(dest, old);
    }
    move(staging, dest);
    return old;
  }

  /**
   * Points {@code latest/} at the batch: a hard-linked copy of its files, swapped in. Returns the
   * previous {@code latest/}, out of sight under a hidden name, for the caller to delete (or null).
   */
  public Path moveLatest(Timeframe timeframe, String label) throws IOException {
    Path batch = store.resolve(batchDir(timeframe, label));
    Path staging = newStaging(timeframe, LATEST);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(batch, Files::isRegularFile)) {
      for (Path file : files) {
        link(file, staging.resolve(file.getFileName().toString()));
      }
    }
    return replace(staging, batchDir(timeframe, LATEST));
  }

  /** Hard link when the file system allows it, else a copy. */
  static void link(Path existing, Path link) throws IOException {
    try {
      Files.createLink(link, existing);
    } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
      Files.copy(existing, link, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.copy(existing, link, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Dated batch folders of a timeframe, oldest first (ISO dates and weeks sort as text). */
  public List<String> batchLabels(Timeframe timeframe) throws IOException {
    List<String> labels = new ArrayList<>();
    for (String name : store.list(timeframeDir(timeframe))) {
      if (BATCH_FOLDER.matcher(name).matches()) {
        labels.add(name);
      }
    }
    return labels;
  }

  /**
   * Keeps the newest {@code keep} dated folders (and never {@code protect}); the others are kept
   * aside for later batches to recycle ({@link StagingFolder}). Returns the removed.
   */
  public List<String> prune(Timeframe timeframe, int keep, String protect) throws IOException {
    List<String> labels = batchLabels(timeframe);
    List<String> removed = new ArrayList<>();
    Path dir = store.resolve(timeframeDir(timeframe));
    for (int i = 0; i < labels.size() - keep; i++) {
      String label = labels.get(i);
      if (!label.equals(protect)) {
        StagingFolder.retire(dir, store.resolve(batchDir(timeframe, label)));
        removed.add(label);
      }
    }
    // Leftovers of a crashed run are hidden from readers but still take space.
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(DataStore.TEMP_PREFIX)
        && !p.getFileName().toString().equals(StagingFolder.SPARE))) {
      for (Path stale : entries) {
        if (modifiedMillis(stale) < System.currentTimeMillis() - 3_600_000L) {
          DataStore.deleteTree(stale);
        }
      }
    }
    return removed;
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Last modification time, or now for an entry another deleter removed meanwhile (not stale: skipped). */
  private static long modifiedMillis(Path entry) throws IOException {
    try {
      return Files.getLastModifiedTime(entry).toMillis();
    } catch (NoSuchFileException goneMeanwhile) {
      return System.currentTimeMillis();
    }
  }

  private static String random() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }
}
