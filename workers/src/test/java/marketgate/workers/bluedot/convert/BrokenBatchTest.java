package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BrokenBatchTest extends ConverterTestBase {

  private BatchResult convert(String label, Path input, double goodShare, int retain) throws Exception {
    BatchConverter converter = new BatchConverter(store, new BatchSettings(goodShare, retain, "bluedot"),
        pool, BlueDotFixtures.FETCH_DAY);
    return converter.convert(Timeframe.DAILY, label, BatchConverter.jsonFiles(input), (d, t) -> {});
  }

  private static byte[] edited(java.util.function.Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = BlueDotFixtures.tree("DIX_daily.json");
    edit.accept(root);
    return BlueDotFixtures.JSON.writeValueAsBytes(root);
  }

  private static ObjectNode firstPrice(ObjectNode root) {
    return (ObjectNode) root.path("chart").path("prices").get(0);
  }

  /** Two good stocks and one file for every kind of damage we know, with the expected reason. */
  private Map<String, String> brokenBatch(Path input) throws IOException {
    BlueDotFixtures.put(input, "AAA_daily.json", BlueDotFixtures.dailyAs("AAA"));
    BlueDotFixtures.put(input, "BBB_daily.json", BlueDotFixtures.dailyAs("BBB"));
    byte[] dix = BlueDotFixtures.sample("DIX_daily.json");
    Map<String, String> expected = new TreeMap<>();
    BlueDotFixtures.put(input, "NOTJSON_daily.json", "<html>quota exceeded</html>".getBytes(StandardCharsets.UTF_8));
    expected.put("NOTJSON_daily.json", "not valid JSON");
    BlueDotFixtures.put(input, "TRUNC_daily.json", Arrays.copyOf(dix, 5_000));
    expected.put("TRUNC_daily.json", "JSON");
    BlueDotFixtures.put(input, "EMPTY_daily.json", edited(r -> ((ObjectNode) r.path("chart")).putArray("prices")));
    expected.put("EMPTY_daily.json", "'chart.prices' is empty");
    BlueDotFixtures.put(input, "SHAPE_daily.json", edited(r -> ((ObjectNode) r.path("chart")).putObject("prices")));
    expected.put("SHAPE_daily.json", "chart.prices is an object, expected an array");
    BlueDotFixtures.put(input, "NOCHART_daily.json", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
    expected.put("NOCHART_daily.json", "not a JSON object");
    BlueDotFixtures.put(input, "HILO_daily.json", edited(r -> firstPrice(r).put("high", 100).put("low", 200)));
    expected.put("HILO_daily.json", "row 2025-08-01: high 100 is below low 200");
    BlueDotFixtures.put(input, "NEGVOL_daily.json", edited(r -> firstPrice(r).put("volume", -5)));
    expected.put("NEGVOL_daily.json", "row 2025-08-01: volume -5 is negative");
    BlueDotFixtures.put(input, "TEXT_daily.json", edited(r -> firstPrice(r).put("close", "16848")));
    expected.put("TEXT_daily.json", "chart.prices[0].close is a string, expected a number or null");
    BlueDotFixtures.put(input, "WEEKLY_daily.json", BlueDotFixtures.sample("DIX_weekly.json"));
    expected.put("WEEKLY_daily.json", "periodcity is 'Weekly' but this is a daily batch");
    BlueDotFixtures.put(input, "SYMBOL_daily.json", edited(r ->
        ((ObjectNode) r.path("chart").path("peripheralData")).put("symbol", "DIX TECH.IN")));
    expected.put("SYMBOL_daily.json", "does not match ^[_.0-9A-Z]+$");
    BlueDotFixtures.put(input, "AAA_again_daily.json", BlueDotFixtures.dailyAs("AAA"));
    return expected;
  }

  @Test
  void badFilesAreQuarantinedWithReasonsAndTheRestIsConverted() throws Exception {
    Path input = temp.resolve("in");
    Map<String, String> expected = brokenBatch(input);
    AtomicInteger progress = new AtomicInteger();
    BatchConverter converter = new BatchConverter(store, new BatchSettings(0.1, 10, "bluedot"), pool,
        BlueDotFixtures.FETCH_DAY);
    BatchResult result = converter.convert(Timeframe.DAILY, "2025-08-01", BatchConverter.jsonFiles(input),
        (done, total) -> progress.accumulateAndGet(done, Math::max));

    assertEquals(13, result.totalFiles());
    assertEquals(13, progress.get(), "progress reaches every file");
    assertEquals(List.of("AAA", "BBB"), result.stocks().stream().map(ConvertedStock::symbol).toList());
    assertEquals(11, result.failures().size());
    Map<String, String> reasons = new TreeMap<>();
    result.failures().forEach(f -> reasons.put(f.file(), f.reason()));
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertTrue(reasons.get(e.getKey()).contains(e.getValue()), e.getKey() + ": " + reasons.get(e.getKey()));
    }
    String duplicate = reasons.containsKey("AAA_again_daily.json") ? "AAA_again_daily.json" : "AAA_daily.json";
    assertTrue(reasons.get(duplicate).contains("symbol AAA is already converted from"), reasons.get(duplicate));

    SeedCsvValidator validator = new SeedCsvValidator(LocalDate.of(2025, 8, 2));
    for (String sym : List.of("AAA", "BBB")) {
      for (SeriesKind kind : SeriesKind.values()) {
        validator.validate(store.resolve("pages/daily/2025-08-01/" + kind.fileName(sym)));
      }
    }
    String quarantine = "pages/daily/2025-08-01/_quarantine/";
    assertArrayEquals("<html>quota exceeded</html>".getBytes(StandardCharsets.UTF_8),
        store.read(quarantine + "NOTJSON_daily.json").orElseThrow(), "the bad file is kept as it came");
    JsonNode listed = BlueDotFixtures.JSON.readTree(store.read(quarantine + "reasons.json").orElseThrow());
    assertEquals(11, listed.size());

    JsonNode index = BlueDotFixtures.JSON.readTree(store.read("pages/index.json").orElseThrow()).path("daily");
    assertEquals(11, index.path("failures").size());
    assertEquals("EMPTY_daily.json", index.path("failures").get(1).path("file").asText());
    assertEquals(2, index.path("stocks").size());
    String html = new String(store.read("pages/index.html").orElseThrow(), StandardCharsets.UTF_8);
    assertTrue(html.contains("NOTJSON_daily.json"));
    assertTrue(html.contains("does not match ^[_.0-9A-Z]+$"));
    assertFalse(html.contains("<html>quota"), "reasons are escaped in HTML");
  }

  @Test
  void aGoodRerunOfAnOlderDateIsInstalledButLatestStaysOnTheNewest() throws Exception {
    Path newer = temp.resolve("newer");
    BlueDotFixtures.put(newer, "AAA_daily.json", BlueDotFixtures.dailyAs("AAA"));
    assertTrue(convert("2025-08-01", newer, 0.95, 10).latestMoved());
    Path older = temp.resolve("older");
    BlueDotFixtures.put(older, "BBB_daily.json", BlueDotFixtures.dailyAs("BBB"));
    BatchResult rerun = convert("2025-07-30", older, 0.95, 10);
    assertTrue(rerun.good());
    assertFalse(rerun.latestMoved());
    assertEquals("2025-08-01", rerun.latestLabel());
    assertTrue(rerun.latestOutcome().contains("older than the batch latest/ shows"), rerun.latestOutcome());
    assertTrue(store.exists("pages/daily/2025-07-30/BBB_PRICE_DATA.csv"), "the older batch is installed");
    assertTrue(store.exists("pages/daily/latest/AAA_PRICE_DATA.csv"));
    assertFalse(store.exists("pages/daily/latest/BBB_PRICE_DATA.csv"));
  }

  @Test
  void latestMovesOnlyWhenTheShareOfConvertedFilesReachesTheThreshold() throws Exception {
    Path good = temp.resolve("good");
    BlueDotFixtures.put(good, "AAA_daily.json", BlueDotFixtures.dailyAs("AAA"));
    BatchResult first = convert("2025-07-31", good, 0.95, 10);
    assertTrue(first.good());
    assertEquals("2025-07-31", first.latestLabel());

    Path broken = temp.resolve("broken");
    brokenBatch(broken);
    BatchResult second = convert("2025-08-01", broken, 0.95, 10);
    assertFalse(second.good(), "2 of 13 is below 95%");
    assertEquals("2025-07-31", second.latestLabel());
    assertTrue(store.exists("pages/daily/2025-08-01/BBB_PRICE_DATA.csv"), "the dated folder is still written");
    assertFalse(store.exists("pages/daily/latest/BBB_PRICE_DATA.csv"), "latest still shows the good batch");
    assertTrue(store.exists("pages/daily/latest/AAA_PRICE_DATA.csv"));
    assertTrue(second.seedChanges().isEmpty(), "a bad batch is not published to the seed repository");
    JsonNode index = BlueDotFixtures.JSON.readTree(store.read("pages/index.json").orElseThrow()).path("daily");
    assertFalse(index.path("good").asBoolean());
    assertEquals("2025-07-31", index.path("latest").asText());
  }

  @Test
  void retentionKeepsTheNewestBatches() throws Exception {
    Path good = temp.resolve("good");
    BlueDotFixtures.put(good, "AAA_daily.json", BlueDotFixtures.dailyAs("AAA"));
    for (String day : List.of("2025-07-29", "2025-07-30", "2025-07-31", "2025-08-01")) {
      convert(day, good, 0.95, 2);
    }
    assertEquals(List.of("2025-07-31", "2025-08-01", "latest"), store.list("pages/daily"));
    try (var left = Files.list(store.resolve("pages/daily"))) {
      assertEquals(List.of(".tmp-spare", "2025-07-31", "2025-08-01", "latest"),
          left.map(p -> p.getFileName().toString()).sorted().toList(),
          "no staging folders left behind; pruned batches kept aside for the next ones to reuse");
    }
  }
}
