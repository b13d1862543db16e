package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DIX_daily.json and DIX_weekly.json, converted and checked against values read by hand. */
class BlueDotGoldenTest extends ConverterTestBase {
  private final SeedCsvValidator validator = new SeedCsvValidator(LocalDate.of(2025, 8, 2));

  private BatchResult run(Timeframe timeframe, String label, String sample, Clock clock) throws Exception {
    Path input = temp.resolve("in-" + label);
    BlueDotFixtures.put(input, sample, BlueDotFixtures.sample(sample));
    BatchConverter converter = new BatchConverter(store, new BatchSettings(0.95, 10, "bluedot"), pool, clock);
    return converter.convert(timeframe, label, BatchConverter.jsonFiles(input), (d, t) -> {});
  }

  private List<String> lines(String relative) throws IOException {
    return Files.readAllLines(store.resolve(relative));
  }

  private static long nonNull(JsonNode prices, String field) {
    long n = 0;
    for (JsonNode p : prices) {
      n += p.path(field).isNull() ? 0 : 1;
    }
    return n;
  }

  @Test
  void dailySampleGivesFiveValidCsvsOnWeekdaysWithExactFirstAndLastRows() throws Exception {
    BatchResult result = run(Timeframe.DAILY, "2025-08-01", "DIX_daily.json", BlueDotFixtures.FETCH_DAY);
    assertTrue(result.good());
    assertEquals(List.of(), result.failures());
    String dir = "pages/daily/2025-08-01/";
    for (SeriesKind kind : SeriesKind.values()) {
      List<LocalDate> dates = validator.validate(store.resolve(dir + kind.fileName("DIX")));
      for (LocalDate d : dates) {
        assertTrue(d.getDayOfWeek().getValue() <= 5, kind + " " + d + " must be Monday-Friday IST");
      }
      assertFalse(dates.contains(LocalDate.of(2025, 5, 1)), "MarketSmith's Holiday rows are dropped");
    }
    List<String> price = lines(dir + "DIX_PRICE_DATA.csv");
    assertEquals(293, price.size(), "308 rows less 15 Holiday rows");
    assertEquals("20240529T,9089.5,9255,9008,9238.7,347701", price.get(0));
    assertEquals("20250801T,16869,17149,16787,16848,341381", price.get(price.size() - 1));

    JsonNode prices = BlueDotFixtures.tree("DIX_daily.json").path("chart").path("prices");
    List<String> rlst = lines(dir + "DIX_RLST_RATING.csv");
    assertEquals(nonNull(prices, "rlst"), rlst.size(), "one RLST row per non-null rlst");
    assertEquals(291, rlst.size());
    assertEquals("20240529T,88,88,88,88,0", rlst.get(0));
    assertEquals("20250801T,78,78,78,78,0", rlst.get(rlst.size() - 1));
    assertFalse(String.join("\n", rlst).contains("20240809T"), "the trading row with a null rlst is skipped");

    List<String> bc = lines(dir + "DIX_BC_INDICATOR.csv");
    assertEquals("20240529T,22704.7,22704.7,22704.7,22704.7,0", bc.get(0));
    assertEquals("20250801T,24565.35,24565.35,24565.35,24565.35,0", bc.get(bc.size() - 1));

    List<String> rs = lines(dir + "DIX_RS_LINE.csv");
    assertEquals(293, rs.size());
    assertEquals("20240529T,0.406907,0.406907,0.406907,0.406907,0", rs.get(0), "9238.7 / 22704.7");
    assertEquals("20250801T,0.685844,0.685844,0.685844,0.685844,0", rs.get(rs.size() - 1), "16848 / 24565.35");

    List<String> dots = lines(dir + "DIX_BLUE_DOTS.csv");
    assertEquals(293, dots.size());
    assertEquals(27, dots.stream().filter(l -> l.endsWith(",1,1,1,1,0")).count(), "dot dates inside the bars");
    assertTrue(dots.contains("20240823T,1,1,1,1,0"));
    assertTrue(dots.contains("20241111T,1,1,1,1,0"));
    assertEquals("20250801T,0,0,0,0,0", dots.get(dots.size() - 1));
  }

  @Test
  void weeklySampleHasOneRowPerFridayAndWeekDotsOnTheirFriday() throws Exception {
    BatchResult result = run(Timeframe.WEEKLY, "2025-W31", "DIX_weekly.json", BlueDotFixtures.FETCH_DAY);
    assertTrue(result.good());
    String dir = "pages/weekly/2025-W31/";
    for (SeriesKind kind : SeriesKind.values()) {
      for (LocalDate d : validator.validate(store.resolve(dir + kind.fileName("DIX")))) {
        assertEquals(DayOfWeek.FRIDAY, d.getDayOfWeek(), kind + " " + d);
      }
    }
    List<String> price = lines(dir + "DIX_PRICE_DATA.csv");
    assertEquals(115, price.size());
    assertEquals("20230526T,3042.7,3684.25,3041.05,3661.2,8242737", price.get(0));
    assertEquals("20250801T,16749,17149,16128,16848,1553525", price.get(114));
    JsonNode prices = BlueDotFixtures.tree("DIX_weekly.json").path("chart").path("prices");
    assertEquals(nonNull(prices, "rlst"), lines(dir + "DIX_RLST_RATING.csv").size());
    List<String> dots = lines(dir + "DIX_BLUE_DOTS.csv");
    assertEquals(29, dots.stream().filter(l -> l.endsWith(",1,1,1,1,0")).count());
    assertTrue(dots.contains("20241115T,1,1,1,1,0"), "the Monday 2024-11-11 dot lands on that week's Friday");
    assertTrue(result.seedChanges().isEmpty(), "seeds are daily only");
  }

  @Test
  void rowsAfterTodayInIndiaAreNotWritten() throws Exception {
    Clock midJuly = Clock.fixed(Instant.parse("2025-07-15T10:00:00Z"), ZoneOffset.UTC);
    run(Timeframe.DAILY, "2025-07-15", "DIX_daily.json", midJuly);
    SeedCsvValidator july = new SeedCsvValidator(LocalDate.of(2025, 7, 15));
    for (SeriesKind kind : SeriesKind.values()) {
      List<LocalDate> dates = july.validate(store.resolve("pages/daily/2025-07-15/" + kind.fileName("DIX")));
      assertEquals(LocalDate.of(2025, 7, 15), dates.get(dates.size() - 1), kind.name());
    }
  }

  @Test
  void indexSeedsAndLatestDescribeTheBatch() throws Exception {
    BatchResult result = run(Timeframe.DAILY, "2025-08-01", "DIX_daily.json", BlueDotFixtures.FETCH_DAY);
    JsonNode index = BlueDotFixtures.JSON.readTree(store.read("pages/index.json").orElseThrow());
    JsonNode stock = index.path("daily").path("stocks").get(0);
    assertEquals("DIX", stock.path("symbol").asText());
    assertEquals("Dixon Technologies", stock.path("name").asText());
    assertEquals("2025-08-01", stock.path("lastDate").asText());
    assertEquals("16848", stock.path("close").asText());
    assertEquals(78, stock.path("rsRating").asInt());
    assertFalse(stock.path("blueDotOnLastBar").asBoolean());
    assertEquals(291, stock.path("rows").path("RLST_RATING").asInt());
    assertEquals("2025-08-01", index.path("daily").path("latest").asText());
    assertTrue(new String(store.read("pages/index.html").orElseThrow()).contains("Dixon Technologies"));

    assertEquals(lines("pages/daily/2025-08-01/DIX_RS_LINE.csv"), lines("pages/daily/latest/DIX_RS_LINE.csv"));
    JsonNode info = BlueDotFixtures.JSON.readTree(store.read("seeds/bluedot/symbol_info/bluedot.json").orElseThrow());
    assertEquals(List.of("DIX_BC_INDICATOR", "DIX_BLUE_DOTS", "DIX_PRICE_DATA", "DIX_RLST_RATING", "DIX_RS_LINE"),
        BlueDotFixtures.JSON.convertValue(info.path("symbol"), List.class));
    assertEquals(5, info.path("description").size());
    assertEquals(5, info.path("pricescale").size());
    assertEquals(6, result.seedChanges().size(), "five data files and symbol_info");
    for (SeriesKind kind : SeriesKind.values()) {
      validator.validate(store.resolve("seeds/bluedot/data/" + kind.fileName("DIX")));
    }
    BatchResult again = run(Timeframe.DAILY, "2025-08-01", "DIX_daily.json", BlueDotFixtures.FETCH_DAY);
    assertEquals(List.of(), again.seedChanges(), "unchanged seed files are not committed again");
  }
}
