package marketgate.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLockTest {
  @TempDir Path temp;

  @Test
  void aSecondHolderWaitsUntilTheFirstLetsGo() throws Exception {
    DataStore store = new DataStore(temp.resolve("data"));
    CountDownLatch secondHolds = new CountDownLatch(1);
    CompletableFuture<Void> second;
    try (DataLock first = DataLock.acquire(store, "pages")) {
      assertTrue(Files.exists(store.root().resolve(DataLock.LOCKS_DIR).resolve("pages.lock")));
      // Another DataStore of the same directory is the same lock.
      DataStore sameDir = new DataStore(temp.resolve("data"));
      second = CompletableFuture.runAsync(() -> {
        try (DataLock again = DataLock.acquire(sameDir, "pages")) {
          secondHolds.countDown();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      assertFalse(secondHolds.await(300, TimeUnit.MILLISECONDS), "the second waits while the first holds");
      try (DataLock other = DataLock.acquire(store, "seeds")) {
        // Another name is another lock: taken at once.
      }
    }
    assertTrue(secondHolds.await(30, TimeUnit.SECONDS), "the second gets it once the first closed");
    second.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aNameThatIsNotPlainIsRefused() throws Exception {
    DataStore store = new DataStore(temp.resolve("data"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataLock.acquire(store, "../escape"));
    assertEquals("lock name '../escape' is not letters, digits and '-'", e.getMessage());
  }
}
