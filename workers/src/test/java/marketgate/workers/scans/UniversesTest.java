package marketgate.workers.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import io.vertx.core.json.JsonObject;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UniversesTest {
  private final ScanCodeParser parser = new ScanCodeParser();

  @Test
  void allStocksIsTheBuiltInUniverseWithoutIndices() throws Exception {
    Universes universes = Universes.load(null);
    List<String> all = universes.symbols(parser.parse("X:12:0"));
    long stocks = Universe.builtIn().instruments().stream().filter(i -> !i.isIndex()).count();
    assertEquals(stocks, all.size());
    assertTrue(stocks > 2000 && stocks < Universe.builtIn().size(), "indices are left out");
    assertTrue(all.contains("20MICRONS"));
  }

  @Test
  void indexZeroScansTheSymbolsOfTheCode() throws Exception {
    assertEquals(List.of("SBIN", "TCS"), Universes.load(null).symbols(parser.parse("X:0:0:SBIN,TCS")));
  }

  @Test
  void nseListsShipInTheJarWithTheirDatesSoIndexScansWorkOutOfTheBox() throws Exception {
    Universes universes = Universes.load(null);
    for (int index : List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14)) {
      assertTrue(universes.indexes().contains(index), "index " + index);
    }
    List<String> nifty50 = universes.symbols(parser.parse("X:1:9:2.5"));
    assertEquals(50, nifty50.size());
    assertTrue(nifty50.contains("RELIANCE"));
    assertEquals(500, universes.symbols(parser.parse("X:5:0")).size());
    List<String> fo = universes.symbols(parser.parse("X:14:0"));
    assertEquals(208, fo.size(), "the stock underlyings of fo_mktlots.csv, not its 5 indices");
    assertFalse(fo.contains("NIFTY") || fo.contains("BANKNIFTY"));
    JsonObject first = universes.toJson().getJsonObject(0);
    assertEquals(1, first.getInteger("index"));
    assertEquals("Nifty 50", first.getString("name"));
    assertEquals("2026-03-31", first.getString("date"));
    assertEquals(50, first.getInteger("size"));
    assertTrue(first.getString("source").contains("ind_nifty50list.csv"));
  }

  @Test
  void symbolsMissingFromTheLiveUniverseAreReportedNotDropped() throws Exception {
    Set<String> live = Universe.builtIn().instruments().stream().filter(i -> !i.isIndex())
        .map(Instrument::symbol).collect(Collectors.toSet());
    Universes universes = Universes.load(null);
    for (Universes.MemberList list : universes.lists()) {
      List<String> expected = list.symbols().stream().filter(s -> !live.contains(s)).toList();
      assertEquals(expected, list.missing(), list.name());
    }
    Universes.MemberList nifty500 = universes.lists().stream().filter(l -> l.index() == 5).findFirst().orElseThrow();
    assertTrue(nifty500.symbols().containsAll(nifty500.missing()), "a missing member stays in the list a scan asks for");
    JsonObject json = universes.toJson().stream().map(JsonObject.class::cast).filter(o -> o.getInteger("index") == 5)
        .findFirst().orElseThrow();
    assertEquals(nifty500.missing().size(), json.getInteger("missing_from_live_universe"));
  }

  @Test
  void filesInTheUniversesDirAddIndexesAndReplaceShippedLists(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("1.txt"), "# Nifty 50 (part)\nreliance\n\nTCS\nTCS\n");
    Files.writeString(dir.resolve("42.txt"), "SBIN\n");
    Files.writeString(dir.resolve("notes.md"), "ignored");
    Universes universes = Universes.load(dir);
    assertEquals(List.of("RELIANCE", "TCS"), universes.symbols(parser.parse("X:1:9")));
    assertEquals(208, universes.symbols(parser.parse("X:14:9")).size(), "the other shipped lists stay");
    assertTrue(universes.toJson().getJsonObject(0).getString("source").contains("scans.universesDir"));
    assertTrue(universes.available().contains("42 (custom)"), universes.available());
  }

  @Test
  void anIndexNumberWithoutAListIsANamedError() {
    ScanCodeException e = assertThrows(ScanCodeException.class, () -> parser.parse("X:13:9"));
    assertTrue(e.getMessage().startsWith("index '13' is not supported; indexes: 0 (explicit symbols), 1 (Nifty 50)"),
        e.getMessage());
  }
}
