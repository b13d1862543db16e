package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;

/**
 * A batch deletes its previous {@code latest/} on the pool while pruning scans the same timeframe
 * folder for stale temp folders, and a day-old {@code latest/} looks stale. Both reach the same tree
 * at once; neither may fail the batch. (Before the fix, `NoSuchFileException` failed a batch in 1 of
 * 5 suite runs on a busy CPU: `BrokenBatchTest`, `ConcurrentBatchesTest`.)
 */
class PagesTreeCleanupTest extends ConverterTestBase {
  private static final int ROUNDS = 30;

  @Test
  void pruningAndTheRemovalOfTheOldLatestDeleteTheSameStaleFolderAtOnceWithoutFailing() throws Exception {
    PagesTree pages = new PagesTree(store);
    Path daily = store.resolve(PagesTree.timeframeDir(Timeframe.DAILY));
    for (int round = 0; round < ROUNDS; round++) {
      Path oldLatest = staleFolder(daily.resolve(DataStore.TEMP_PREFIX + "old-latest-" + round), 400);
      Future<?> removal = pool.submit(() -> {
        DataStore.deleteTree(oldLatest);
        return null;
      });
      List<String> removed = pages.prune(Timeframe.DAILY, 2, null); // the stale-temp scan reaches the same folder
      removal.get(30, TimeUnit.SECONDS); // throws if the pool's deletion failed
      assertTrue(removed.isEmpty(), "no dated batch to prune: " + removed);
      assertFalse(Files.exists(oldLatest), "round " + round + ": the folder is gone");
    }
  }

  @Test
  void twoDeletersOfOneTreeBothFinishAndLeaveNothing() throws Exception {
    Path root = temp.resolve("tree");
    for (int round = 0; round < ROUNDS; round++) {
      Path tree = staleFolder(root.resolve("t" + round), 400);
      Files.createDirectories(tree.resolve("sub/deeper"));
      Files.writeString(tree.resolve("sub/deeper/f.csv"), "x");
      Future<?> other = pool.submit(() -> {
        DataStore.deleteTree(tree);
        return null;
      });
      DataStore.deleteTree(tree);
      other.get(30, TimeUnit.SECONDS);
      assertFalse(Files.exists(tree), "round " + round);
    }
  }

  /** A folder of {@code files} small files, last modified two hours ago (older than the stale limit). */
  private static Path staleFolder(Path dir, int files) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < files; i++) {
      Files.writeString(dir.resolve("S" + i + "_PRICE_DATA.csv"), "d,o,h,l,c\n");
    }
    Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    return dir;
  }
}
