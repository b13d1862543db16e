package marketgate.workers.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void filesAddIndexesAndAnIndexWithoutOneIsANamedError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("1.txt"), "# Nifty 50 (part)\nreliance\n\nTCS\nTCS\n");
    Files.writeString(dir.resolve("notes.md"), "ignored");
    Universes universes = Universes.load(dir);
    assertEquals(List.of("RELIANCE", "TCS"), universes.symbols(parser.parse("X:1:9")));
    ScanCodeException e = assertThrows(ScanCodeException.class, () -> universes.symbols(parser.parse("X:14:9")));
    assertTrue(e.getMessage().contains("index 14 (F&O stocks) has no universe file"), e.getMessage());
    assertTrue(e.getMessage().contains("indexes available: 0 (explicit symbols), 1 (Nifty 50), 12 (all stocks)"),
        e.getMessage());
    assertFalse(universes.indexes().contains(14));
  }
}
