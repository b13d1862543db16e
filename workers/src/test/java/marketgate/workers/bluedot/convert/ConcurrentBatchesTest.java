package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches of one timeframe but different dates may run at once (two jobs, a Drive batch beside a
 * job): each must install, move latest/ and enter the consolidated index without undoing another.
 */
class ConcurrentBatchesTest {
  private static final int BATCHES = 6;
  private static final int ROUNDS = 5;

  @TempDir Path temp;

  @Test
  void batchesRunningAtOnceAllLandInTheTreeAndTheIndex() throws Exception {
    DataStore store = new DataStore(temp.resolve("data"));
    ExecutorService runners = Executors.newFixedThreadPool(BATCHES);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        CyclicBarrier start = new CyclicBarrier(BATCHES);
        List<Future<BatchResult>> results = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
          String label = String.format("2025-%02d-%02d", 1 + round, 1 + b);
          labels.add(label);
          Path input = temp.resolve("in-" + label);
          BlueDotFixtures.put(input, "S" + b + "_daily.json", BlueDotFixtures.dailyAs("S" + b));
          BatchConverter converter = new BatchConverter(store, new BatchSettings(0.5, 100, "bluedot"), pool,
              BlueDotFixtures.FETCH_DAY);
          results.add(runners.submit(() -> {
            start.await();
            return converter.convert(Timeframe.DAILY, label, BatchConverter.jsonFiles(input), (d, t) -> {});
          }));
        }
        for (Future<BatchResult> result : results) {
          assertTrue(result.get().good(), "every batch converts");
        }
        String newest = labels.get(labels.size() - 1);
        for (String label : labels) {
          assertTrue(Files.isDirectory(store.resolve("pages/daily/" + label)), label + " installed");
        }
        // Whatever order they finished in, latest/ shows the newest date, whole, and agrees with its index.
        JsonNode latestIndex = BlueDotFixtures.JSON.readTree(store.resolve("pages/daily/latest/index.json").toFile());
        assertEquals(newest, latestIndex.path("label").asText());
        TreeSet<String> latestFiles = new TreeSet<>();
        try (var files = Files.list(store.resolve("pages/daily/latest"))) {
          files.forEach(f -> latestFiles.add(f.getFileName().toString()));
        }
        String newestSymbol = "S" + (BATCHES - 1) + "_";
        assertEquals(SeriesKind.values().length, latestFiles.stream().filter(f -> f.startsWith(newestSymbol)).count(),
            "latest/ holds the newest batch's CSVs: " + latestFiles);
        assertEquals(SeriesKind.values().length + 1, latestFiles.size(), "and only them with index.json: " + latestFiles);
        // The consolidated index is a whole JSON document naming a batch of this round and latest/.
        JsonNode index = BlueDotFixtures.JSON.readTree(store.resolve("pages/index.json").toFile());
        assertTrue(labels.contains(index.path("daily").path("label").asText()), index.toString());
        assertEquals(newest, index.path("daily").path("latest").asText(), index.toString());
        try (var left = Files.list(store.resolve("pages/daily"))) {
          assertEquals(List.of(), left.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(DataStore.TEMP_PREFIX)).toList(), "no staging folder is left behind");
        }
      }
    } finally {
      runners.shutdownNow();
      pool.shutdownNow();
    }
  }
}
