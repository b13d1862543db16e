package marketgate.workers.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import marketgate.shared.model.DailySeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportJobsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Path resource(String name) throws Exception {
    Path copy = dir.resolve(Path.of(name).getFileName());
    try (var in = ImportJobsTest.class.getResourceAsStream("/" + name)) {
      Files.copy(in, copy);
    }
    return copy;
  }

  @Test
  void theSpyCsvImportsEveryRowUnderItsFileNameSymbol() throws Exception {
    try (SqliteDailyHistory history = SqliteDailyHistory.open(dir.resolve("daily.sqlite"))) {
      ImportCsvJob job = new ImportCsvJob(history, null, new PrintStream(out), new PrintStream(err));
      assertEquals(0, job.run(List.of(resource("history/SPY_D.csv"))), err.toString());
      DailySeries spy = history.load("SPY", 10_000, LocalDate.of(2030, 1, 1)).orElseThrow();
      assertEquals(5241, spy.size());
      assertEquals(LocalDate.of(1999, 11, 1), spy.date(0));
      assertEquals(135.5625, spy.close()[0]);
      assertEquals(350.58, spy.close()[spy.size() - 1]);
      assertEquals(48588940.0, spy.volume()[spy.size() - 1]);
    }
  }

  @Test
  void aBadRowIsReportedWithFileAndLineAndTheRestIsImported() throws Exception {
    Path csv = dir.resolve("ACME_D.csv");
    Files.writeString(csv, String.join("\n",
        ",date,open,high,low,close,volume",
        "0,2026-11-18,10,12,9,11,100",
        "1,2026-11-19,10,abc,9,11,100",
        "2,2026-13-01,10,12,9,11,100",
        "3,2026-11-20,10,12,9,13,100",
        "4,2026-11-21,10,12,9",
        "5,2026-11-23,11,12,10,11.5,200", ""));
    try (SqliteDailyHistory history = SqliteDailyHistory.open(dir.resolve("daily.sqlite"))) {
      ImportCsvJob job = new ImportCsvJob(history, null, new PrintStream(out), new PrintStream(err));
      assertEquals(0, job.run(List.of(csv)));
      String report = err.toString();
      assertTrue(report.contains(csv + ":3: high is not a number: 'abc'"), report);
      assertTrue(report.contains(csv + ":4: not a date"), report);
      assertTrue(report.contains(csv + ":5: prices out of order"), report);
      assertTrue(report.contains(csv + ":6: too few fields"), report);
      assertEquals(4, job.badRows());
      assertEquals(2, history.load("ACME", 100, LocalDate.of(2026, 12, 31)).orElseThrow().size());
    }
  }

  @Test
  void aFileWithoutTheHeaderFailsWithExitCodeOne() throws Exception {
    Path csv = dir.resolve("X.csv");
    Files.writeString(csv, "when,o,h,l,c\n");
    try (SqliteDailyHistory history = SqliteDailyHistory.open(dir.resolve("daily.sqlite"))) {
      assertEquals(1, new ImportCsvJob(history, null, new PrintStream(out), new PrintStream(err)).run(List.of(csv)));
      assertTrue(err.toString().contains("header lacks column 'date'"), err.toString());
    }
  }

  @Test
  void aTicksJsonSnapshotBecomesDayCandlesOnEachEntrysOwnDate() throws Exception {
    try (SqliteDailyHistory history = SqliteDailyHistory.open(dir.resolve("daily.sqlite"))) {
      ImportTicksJob job = new ImportTicksJob(history, new PrintStream(out), new PrintStream(err));
      assertEquals(0, job.run(resource("replay/ticks.json")), err.toString());
      DailySeries kkcl = history.load("KKCL", 10, LocalDate.of(2026, 4, 30)).orElseThrow();
      assertEquals(LocalDate.of(2026, 4, 6), kkcl.lastDate());
      assertEquals(441.35, kkcl.open()[0]);
      assertEquals(442.2, kkcl.close()[0]);
      assertEquals(1609, kkcl.volume()[0]);
      assertTrue(history.count() > 2000, "most of the 2,456 instruments: " + history.count());
      assertTrue(out.toString().contains("imported"));
    }
  }
}
