package marketgate.workers.ticks.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicksJsonReaderTest {

  static String realFile() throws IOException {
    try (InputStream in = TicksJsonReaderTest.class.getResourceAsStream("/replay/ticks.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static TicksFile read(String json) throws IOException {
    return TicksJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
  }

  @Test
  void everyEntryOfARealPkBrokersFileIsRead() throws IOException {
    TicksFile file = read(realFile());

    assertEquals(2456, file.entries().size());
    assertEquals(List.of(), file.badEntries());
    TicksEntry kkcl = file.entries().get(0);
    assertEquals(new TicksEntry("3425537", 3425537, "KKCL", 283, Instant.parse("2026-04-06T04:58:00Z"), 441.35,
        444.85, 438.0, 442.2, 1609, 0, "2026-04-02T14:52:38+05:30"), kkcl);
  }

  @Test
  void realQuirksAreRead_nullOiZeroLowAndMicrosecondTimes() throws IOException {
    TicksFile file = read(realFile());
    TicksEntry rajvir = byKey(file, "1602305"); // "oi": null, open/low/close 0
    assertEquals(0, rajvir.oi());
    assertEquals(7.65, rajvir.lastPrice());
    TicksEntry univa = byKey(file, "2653697"); // low 0: not known
    assertEquals(0.0, univa.low());
    TicksEntry index = byKey(file, "275977"); // "2026-04-06T11:00:57.642110+05:30"
    assertEquals(Instant.parse("2026-04-06T05:30:57.642110Z"), index.timestamp());
  }

  @Test
  void theFileBecomesAUniverseOfItsInstruments() throws IOException {
    Universe universe = read(realFile()).universe();

    assertEquals(2456, universe.size());
    Instrument kkcl = universe.bySymbol("KKCL").orElseThrow();
    assertEquals(3425537, kkcl.token());
    assertEquals(442.2, kkcl.lastPrice());
    assertEquals(1609, kkcl.dayVolume());
    assertTrue(universe.byToken(275977).orElseThrow().isIndex());
  }

  @Test
  void theFileBecomesTickBatchesOfBoundedSizeOldestEntryFirst() throws IOException {
    TicksFile file = read(realFile());
    List<marketgate.shared.model.TickBatch> batches = file.toTickBatches(1000);

    long ticks = 0;
    long previousClose = Long.MIN_VALUE;
    for (marketgate.shared.model.TickBatch batch : batches) {
      assertTrue(batch.size() <= 1000);
      for (int i = 0; i < batch.size(); i++) {
        if (batch.cumulativeVolume(i) != marketgate.shared.model.TickBatch.NO_VOLUME) {
          assertTrue(batch.epochMillis(i) >= previousClose, "oldest entry first");
          previousClose = batch.epochMillis(i);
        }
      }
      ticks += batch.size();
    }
    long expected = 0;
    for (TicksEntry entry : file.entries()) {
      expected += OhlcTicks.append(entry, new marketgate.shared.model.TickBatch(4));
    }
    assertEquals(expected, ticks);
    assertTrue(ticks > 2456 * 2, "most entries need several ticks: " + ticks);
  }

  @Test
  void aBrokenEntryIsReportedByKeyAndTheRestIsRead(@TempDir Path dir) throws IOException {
    String corrupted = realFile()
        .replaceFirst("\"open\": 441.35", "\"open\": \"abc\"") // KKCL, the first entry
        .replaceFirst("\\{\\s*\"3425537\"", "{\"junk\": [1, {\"a\": 2}], \"3425537\"");
    Path file = dir.resolve("ticks.json");
    Files.writeString(file, corrupted);

    TicksFile read = TicksJsonReader.read(file);

    assertEquals(2455, read.entries().size());
    assertEquals(2, read.badEntries().size());
    assertEquals(new TicksFile.BadEntry("junk", "value is not an object"), read.badEntries().get(0));
    assertEquals("3425537", read.badEntries().get(1).key());
    assertEquals("ohlcv.open must be a number, got \"abc\"", read.badEntries().get(1).reason());
    assertEquals("VAISHALI", read.entries().get(0).symbol());
  }

  @Test
  void entriesThatCannotBeTicksAreSkippedWithTheirReason() throws IOException {
    String ts = "\"timestamp\": \"2026-04-06T10:28:00+05:30\"";
    TicksFile file = read("""
        {"1": {"instrument_token": 1, "trading_symbol": "A", "ohlcv": {%s, "open": 10, "high": 9, "low": 8, "close": 9}},
         "2": {"instrument_token": 2, "trading_symbol": "B"},
         "3": {"instrument_token": 4, "trading_symbol": "C", "ohlcv": {%s, "open": 1, "high": 1, "low": 1, "close": 1}},
         "5": {"instrument_token": 5, "trading_symbol": "E", "ohlcv": {"timestamp": "yesterday", "open": 1, "high": 1, "low": 1, "close": 1}},
         "6": {"instrument_token": 6, "trading_symbol": "F", "ohlcv": {%s, "open": -1, "high": 1, "low": 1, "close": 1}},
         "7": {"instrument_token": 7, "trading_symbol": "G", "extra": {"deep": [1, 2, {"x": null}]},
               "ohlcv": {%s, "open": 1, "high": 2, "low": 0.5, "close": 1.5, "volume": 10, "vwap": 1.2, "oi": null}}}
        """.formatted(ts, ts, ts, ts));

    assertEquals(List.of("7"), file.entries().stream().map(TicksEntry::key).toList());
    assertEquals(List.of(
        new TicksFile.BadEntry("1", "ohlcv is inconsistent: low 8.0, high 9.0 must bracket open 10.0 and close 9.0"),
        new TicksFile.BadEntry("2", "no ohlcv"),
        new TicksFile.BadEntry("3", "key differs from instrument_token 4"),
        new TicksFile.BadEntry("5", "ohlcv.timestamp is not an ISO-8601 time: yesterday"),
        new TicksFile.BadEntry("6", "ohlcv.open must not be negative, got -1")), file.badEntries());
  }

  @Test
  void aFileThatIsNotJsonFailsWithAClearMessage(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("ticks.json");
    Files.writeString(file, "<html><body>502 Bad Gateway</body></html>");

    TicksFileException e = assertThrows(TicksFileException.class, () -> TicksJsonReader.read(file));
    assertTrue(e.getMessage().startsWith(file + ": not valid JSON at line 1, column "), e.getMessage());
  }

  @Test
  void aFileCutShortOrOfTheWrongShapeFailsWithAClearMessage() throws IOException {
    String real = realFile();
    TicksFileException cut = assertThrows(TicksFileException.class, () -> read(real.substring(0, real.length() / 2)));
    assertTrue(cut.getMessage().contains("test.json: not valid JSON at line "), cut.getMessage());

    TicksFileException array = assertThrows(TicksFileException.class, () -> read("[1, 2]"));
    assertEquals("test.json: not a ticks.json file: expected an object keyed by instrument token, found [",
        array.getMessage());
    assertThrows(TicksFileException.class, () -> read(""));
  }

  private static TicksEntry byKey(TicksFile file, String key) {
    return file.entries().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
  }
}
