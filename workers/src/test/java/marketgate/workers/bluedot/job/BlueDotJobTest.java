package marketgate.workers.bluedot.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import marketgate.workers.bluedot.convert.BatchSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlueDotJobTest {
  @TempDir Path temp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final BlueDotJob job = new BlueDotJob(null, new BatchSettings(0.95, 10, "bluedot"),
      Clock.fixed(Instant.parse("2025-08-02T06:30:00Z"), ZoneOffset.UTC), 2);

  private BlueDotJob jobIn(Path data) {
    return new BlueDotJob(data, new BatchSettings(0.95, 10, "bluedot"),
        Clock.fixed(Instant.parse("2025-08-02T06:30:00Z"), ZoneOffset.UTC), 2);
  }

  private int run(BlueDotJob j, String tf, String date, Path input, boolean terminal) {
    return j.run(tf, date, input, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
  }

  private Path inputWith(String... names) throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    for (String name : names) {
      try (InputStream sample = getClass().getResourceAsStream("/bluedot/DIX_daily.json")) {
        Files.write(in.resolve(name), sample.readAllBytes());
      }
    }
    return in;
  }

  @Test
  void aGoodBatchExitsZeroAndPrintsPlainProgressLinesWithoutATerminal() throws Exception {
    Path data = temp.resolve("data");
    assertEquals(0, run(jobIn(data), "daily", "2025-08-01", inputWith("DIX_daily.json"), false));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("converted 1/1 files (100%)"), text);
    assertTrue(text.contains("1 of 1 files converted, 0 failed"), text);
    assertTrue(Files.exists(data.resolve("pages/daily/latest/DIX_PRICE_DATA.csv")));
  }

  @Test
  void aBatchBelowTheThresholdExitsOneAndNamesTheFailedFile() throws Exception {
    Path in = inputWith("DIX_daily.json");
    Files.writeString(in.resolve("BAD_daily.json"), "{");
    assertEquals(1, run(jobIn(temp.resolve("data")), "daily", "2025-08-01", in, true));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("\r[###############---------------] 1/2 files 50%"), text);
    assertTrue(text.contains("failed BAD_daily.json: "), text);
  }

  @Test
  void badArgumentsExitTwoWithAMessage() throws Exception {
    assertEquals(2, run(job, "monthly", "2025-08-01", temp, false));
    assertEquals(2, run(job, "daily", "2025-13-01", temp, false));
    assertEquals(2, run(job, "daily", "2025-08-01", temp.resolve("missing"), false));
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("timeframe 'monthly' is not one of daily, weekly"), text);
    assertTrue(text.contains("date '2025-13-01' is not YYYY-MM-DD"), text);
    assertTrue(text.contains("is not a folder"), text);
  }

  @Test
  void weeklyTakesAWeekOrAnyDateInIt() throws Exception {
    Path data = temp.resolve("data");
    Path in = Files.createDirectories(temp.resolve("weekly"));
    try (InputStream sample = getClass().getResourceAsStream("/bluedot/DIX_weekly.json")) {
      Files.write(in.resolve("DIX_weekly.json"), sample.readAllBytes());
    }
    assertEquals(0, run(jobIn(data), "weekly", "2025-08-01", in, false));
    assertTrue(Files.exists(data.resolve("pages/weekly/2025-W31/DIX_RS_LINE.csv")));
    assertEquals(0, run(jobIn(data), "weekly", "2025-w31", in, false));
    assertEquals(2, run(jobIn(data), "weekly", "2025-W54", in, false));
  }
}
