package marketgate.workers.bluedot.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh data directory and the converter's two-thread pool for each test. */
abstract class ConverterTestBase {
  @TempDir Path temp;
  DataStore store;
  ExecutorService pool;

  @BeforeEach
  void createStoreAndPool() throws IOException {
    store = new DataStore(temp.resolve("data"));
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }
}
