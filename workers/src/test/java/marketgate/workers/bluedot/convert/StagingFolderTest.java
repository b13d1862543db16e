package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;

/** A new batch written over a pruned batch's files: what is reused, what never is. */
class StagingFolderTest extends ConverterTestBase {
  private static final String DAY1 = "2025-07-30";
  private static final String DAY2 = "2025-07-31";
  private static final String DAY3 = "2025-08-01";


  @Test
  void aLaterBatchWritesOverThePrunedBatchsFilesExceptThoseASeedStillLinks() throws Exception {
    // Day 1: AAA and BBB. Day 2: AAA with another volume and RS rating (its price and rating
    // files change, the other three stay as the seeds have them); BBB is gone. One batch is
    // retained, so day 2 prunes day 1 and day 3 claims its folder.
    Path in1 = input("one", Map.of("AAA", BlueDotFixtures.dailyAs("AAA"), "BBB", BlueDotFixtures.dailyAs("BBB")));
    Path in2 = input("two", Map.of("AAA", aaa(400_000, 80)));
    Path in3 = input("three", Map.of("AAA", aaa(500_000, 81), "CCC", BlueDotFixtures.dailyAs("CCC")));
    BatchConverter converter = converter(store, 0.95, 1);
    converter.convert(Timeframe.DAILY, DAY1, BatchConverter.jsonFiles(in1), (d, t) -> {});
    Map<String, Object> day1Inodes = inodes(DAY1);
    Map<String, byte[]> bbbDay1 = new HashMap<>();
    for (SeriesKind kind : SeriesKind.values()) {
      bbbDay1.put(kind.fileName("BBB"), store.read(batchFile(DAY1, kind.fileName("BBB"))).orElseThrow());
    }
    converter.convert(Timeframe.DAILY, DAY2, BatchConverter.jsonFiles(in2), (d, t) -> {});
    assertFalse(Files.exists(store.resolve(PagesTree.batchDir(Timeframe.DAILY, DAY1))), "day 1 is pruned");
    assertTrue(Files.isDirectory(store.resolve("pages/daily/" + StagingFolder.SPARE)), "and kept aside");

    converter.convert(Timeframe.DAILY, DAY3, BatchConverter.jsonFiles(in3), (d, t) -> {});

    Set<SeriesKind> changedOnDay2 = Set.of(SeriesKind.PRICE_DATA, SeriesKind.RLST_RATING);
    assertEquals(changedOnDay2.size(), converter.lastRecycledFiles());
    Map<String, Object> day3Inodes = inodes(DAY3);
    for (SeriesKind kind : SeriesKind.values()) {
      String name = kind.fileName("AAA");
      if (changedOnDay2.contains(kind)) {
        assertEquals(day1Inodes.get(name), day3Inodes.get(name), name + " is day 1's file, written over");
      } else {
        assertNotEquals(day1Inodes.get(name), day3Inodes.get(name), name + " is linked by its seed: a new file");
      }
      assertTrue(Files.exists(store.resolve(batchFile(DAY3, kind.fileName("CCC")))));
      String bbb = kind.fileName("BBB");
      assertFalse(Files.exists(store.resolve(batchFile(DAY3, bbb))), bbb + " was day 1's, not day 3's");
      assertArrayEquals(bbbDay1.get(bbb), store.read("seeds/bluedot/data/" + bbb).orElseThrow(),
          "the seed of a stock no longer in the batches keeps its bytes");
    }
    assertSameFilesAsAFreshConversion(DAY3, in3);
    for (SeriesKind kind : SeriesKind.values()) {
      assertArrayEquals(store.read(batchFile(DAY3, kind.fileName("AAA"))).orElseThrow(),
          store.read("seeds/bluedot/data/" + kind.fileName("AAA")).orElseThrow());
    }
  }

  @Test
  void aFileASeedLinksIsNeverWrittenInto() throws Exception {
    // Day 2 repeats day 1, so every seed still links day 1's files when day 1 is pruned. Day 3
    // changes AAA but is a bad batch (half its files broken): the seeds must keep day 1's bytes.
    byte[] same = BlueDotFixtures.dailyAs("AAA");
    Path in1 = input("one", Map.of("AAA", same));
    Path in3 = input("three", Map.of("AAA", aaa(500_000, 81), "BAD", "not json".getBytes(StandardCharsets.UTF_8)));
    converter(store, 0.95, 1).convert(Timeframe.DAILY, DAY1, BatchConverter.jsonFiles(in1), (d, t) -> {});
    Map<String, byte[]> seeds = new HashMap<>();
    for (SeriesKind kind : SeriesKind.values()) {
      seeds.put(kind.fileName("AAA"), store.read("seeds/bluedot/data/" + kind.fileName("AAA")).orElseThrow());
    }
    converter(store, 0.95, 1).convert(Timeframe.DAILY, DAY2, BatchConverter.jsonFiles(in1), (d, t) -> {});
    BatchConverter day3 = converter(store, 0.95, 1);
    BatchResult result = day3.convert(Timeframe.DAILY, DAY3, BatchConverter.jsonFiles(in3), (d, t) -> {});

    assertFalse(result.good());
    assertEquals(0, day3.lastRecycledFiles());
    for (SeriesKind kind : SeriesKind.values()) {
      String name = kind.fileName("AAA");
      assertArrayEquals(seeds.get(name), store.read("seeds/bluedot/data/" + name).orElseThrow(), name);
    }
    assertNotEquals(new String(seeds.get(SeriesKind.PRICE_DATA.fileName("AAA")), StandardCharsets.US_ASCII),
        new String(store.read(batchFile(DAY3, SeriesKind.PRICE_DATA.fileName("AAA"))).orElseThrow(), StandardCharsets.US_ASCII),
        "day 3's own file has day 3's prices");
  }

  @Test
  void atMostTwoPrunedFoldersAreKeptAndAClaimTakesTheNewest() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("pages/daily"));
    for (String label : List.of("2025-07-28", "2025-07-29", "2025-07-30")) {
      Path batch = Files.createDirectories(dir.resolve(label));
      Files.writeString(batch.resolve("X_PRICE_DATA.csv"), label);
      StagingFolder.retire(dir, batch);
      assertFalse(Files.exists(batch));
    }
    try (var spares = Files.list(dir.resolve(StagingFolder.SPARE))) {
      assertEquals(StagingFolder.MAX_SPARE_FOLDERS, spares.count(), "the third pruned folder is deleted");
    }

    StagingFolder first = StagingFolder.claim(dir, dir.resolve(".tmp-a"));
    first.write("X_PRICE_DATA.csv", "new".getBytes(StandardCharsets.US_ASCII));
    assertEquals(1, first.overwritten());
    StagingFolder second = StagingFolder.claim(dir, dir.resolve(".tmp-b"));
    StagingFolder third = StagingFolder.claim(dir, dir.resolve(".tmp-c"));
    second.write("Y_PRICE_DATA.csv", "y".getBytes(StandardCharsets.US_ASCII));
    second.removeLeftovers();
    assertEquals(List.of("Y_PRICE_DATA.csv"), names(second.path()), "the old batch's other files are removed");
    third.write("X_PRICE_DATA.csv", "x".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0, third.overwritten(), "no spare left: an empty folder");
    assertEquals("new", Files.readString(dir.resolve(".tmp-a/X_PRICE_DATA.csv")), "a longer old file is cut");
  }

  @Test
  void aFileIsWrittenOnceInAFolder() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("pages/daily"));
    StagingFolder folder = StagingFolder.claim(dir, dir.resolve(".tmp-a"));
    folder.write("X_PRICE_DATA.csv", new byte[] {1});
    try {
      folder.write("X_PRICE_DATA.csv", new byte[] {2});
      throw new AssertionError("a second write of one name must fail");
    } catch (java.nio.file.FileAlreadyExistsException expected) {
      assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve(".tmp-a/X_PRICE_DATA.csv")));
    }
  }

  private BatchConverter converter(DataStore target, double goodShare, int retain) {
    return new BatchConverter(target, new BatchSettings(goodShare, retain, "bluedot"), pool, BlueDotFixtures.FETCH_DAY);
  }

  /** Every file of the batch has the bytes a conversion into an empty data directory gives. */
  private void assertSameFilesAsAFreshConversion(String label, Path input) throws Exception {
    DataStore fresh = new DataStore(temp.resolve("fresh"));
    converter(fresh, 0.95, 1).convert(Timeframe.DAILY, label, BatchConverter.jsonFiles(input), (d, t) -> {});
    List<String> names = names(fresh.resolve(PagesTree.batchDir(Timeframe.DAILY, label)));
    assertEquals(names, names(store.resolve(PagesTree.batchDir(Timeframe.DAILY, label))));
    for (String name : names) {
      if (name.endsWith(".csv")) {
        assertArrayEquals(fresh.read(batchFile(label, name)).orElseThrow(), store.read(batchFile(label, name)).orElseThrow(), name);
      }
    }
  }

  /** AAA with the newest day's volume and RS rating changed. */
  private static byte[] aaa(int volume, int rating) throws IOException {
    ObjectNode root = (ObjectNode) BlueDotFixtures.JSON.readTree(BlueDotFixtures.dailyAs("AAA"));
    ((ObjectNode) root.path("chart").path("prices").get(0)).put("volume", volume).put("rlst", rating);
    return BlueDotFixtures.JSON.writeValueAsBytes(root);
  }

  private Path input(String name, Map<String, byte[]> stocks) throws IOException {
    Path folder = temp.resolve("in-" + name);
    for (Map.Entry<String, byte[]> stock : stocks.entrySet()) {
      BlueDotFixtures.put(folder, stock.getKey() + "_daily.json", stock.getValue());
    }
    return folder;
  }

  private static String batchFile(String label, String name) {
    return PagesTree.batchDir(Timeframe.DAILY, label) + "/" + name;
  }

  private Map<String, Object> inodes(String label) throws IOException {
    Map<String, Object> keys = new HashMap<>();
    for (String name : names(store.resolve(PagesTree.batchDir(Timeframe.DAILY, label)))) {
      Path file = store.resolve(batchFile(label, name));
      keys.put(name, Files.readAttributes(file, BasicFileAttributes.class).fileKey());
    }
    return keys;
  }

  private static List<String> names(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
