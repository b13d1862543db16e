package marketgate.workers.bluedot.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Splits changed files into commits TradingView accepts: at most 3,000 changed files each. */
public final class CommitChunks {
  private CommitChunks() {}

  /** Pine Seeds' limit of changed files per commit (FORMATS.md). */
  public static final int PINE_SEEDS_MAX_FILES = 3_000;

  /**
   * The changed paths, deduplicated and sorted (so a retry makes the same commits), in chunks of
   * at most {@code maxFiles}. No chunk is empty; no input gives no chunk.
   */
  public static List<List<String>> split(Iterable<String> changedFiles, int maxFiles) {
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be at least 1, got " + maxFiles);
    }
    TreeSet<String> sorted = new TreeSet<>();
    changedFiles.forEach(sorted::add);
    List<List<String>> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>(Math.min(maxFiles, sorted.size()));
    for (String path : sorted) {
      if (current.size() == maxFiles) {
        chunks.add(List.copyOf(current));
        current.clear();
      }
      current.add(path);
    }
    if (!current.isEmpty()) {
      chunks.add(List.copyOf(current));
    }
    return List.copyOf(chunks);
  }
}
