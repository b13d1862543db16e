package marketgate.workers.bluedot.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StockConverterTest {
  private static final int AUG_2_2025 = (int) LocalDate.of(2025, 8, 2).toEpochDay();
  private final StockConverter daily = new StockConverter(Timeframe.DAILY);

  private static String csv(StockConverter.Result r, SeriesKind kind) {
    return new String(r.csv().files().get(kind), StandardCharsets.US_ASCII);
  }

  @Test
  void exponentNumbersInTheInputAreWrittenAsPlainDecimals() throws Exception {
    ObjectNode root = BlueDotFixtures.tree("DIX_daily.json");
    String text = BlueDotFixtures.JSON.writeValueAsString(root)
        .replace("\"close\":16848,", "\"close\":1.6848E4,").replace("\"volume\":341381,", "\"volume\":3.41381e5,");
    StockConverter.Result r = daily.convert("DIX_daily.json", text.getBytes(StandardCharsets.UTF_8), AUG_2_2025);
    String price = csv(r, SeriesKind.PRICE_DATA);
    assertTrue(price.endsWith("20250801T,16869,17149,16787,16848,341381\n"), price.substring(price.length() - 80));
  }

  @Test
  void marketSmithErrorAnswersAreRejectedWithTheirDescription() {
    String error = "{\"responseHeader\":{\"error\":true,\"errorShortDesc\":\"Session expired\"},\"chart\":null}";
    BadInputException e = assertThrows(BadInputException.class,
        () -> daily.convert("X_daily.json", error.getBytes(StandardCharsets.UTF_8), AUG_2_2025));
    assertTrue(e.getMessage().contains("Session expired"), e.getMessage());
  }

  @Test
  void seedSymbolsDropTheExchangeSuffixAndMapNseCharacters() throws Exception {
    assertEquals("DIX", SeedSymbols.fromMarketSmith("DIX.IN"));
    assertEquals("M_M", SeedSymbols.fromMarketSmith("M&M.IN"));
    assertEquals("BAJAJ_AUTO", SeedSymbols.fromMarketSmith("bajaj-auto.IN"));
    assertTrue(assertThrows(BadInputException.class, () -> SeedSymbols.fromMarketSmith("A.B.IN"))
        .getMessage().contains("one dot only"));
    assertTrue(assertThrows(BadInputException.class, () -> SeedSymbols.fromMarketSmith("ABCDEFGHIJKLMNOPQRSTUVWXYZABCD.IN"))
        .getMessage().contains("at most 42"));
    assertEquals(29, SeedSymbols.fromMarketSmith("ABCDEFGHIJKLMNOPQRSTUVWXYZABC.IN").length(),
        "29 characters plus _BC_INDICATOR make exactly 42");
    assertThrows(BadInputException.class, () -> SeedSymbols.fromMarketSmith(""));
  }

  @Test
  void theIndexEntryDescribesTheLastBar() throws Exception {
    StockConverter.Result r = daily.convert("DIX_daily.json", BlueDotFixtures.sample("DIX_daily.json"), AUG_2_2025);
    assertEquals("2025-08-01", r.stock().lastDate());
    assertEquals(16848, r.stock().lastClose());
    assertEquals(78.0, r.stock().rsRating());
    assertEquals(293, r.stock().rows().get(SeriesKind.PRICE_DATA));
  }
}
