package marketgate.workers.history;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.replay.TicksEntry;
import marketgate.workers.ticks.replay.TicksFile;
import marketgate.workers.ticks.replay.TicksJsonReader;

/**
 * {@code marketgate job import-ticks FILE}: a {@code ticks.json} day snapshot (the fallback when live
 * data is missing) into the history store: each instrument's OHLCV becomes its daily candle on the
 * IST date of its own timestamp (real files hold some instruments with days-old ticks; those land
 * on their own day, not today's). Entries without a full OHLC are reported and skipped.
 */
public final class ImportTicksJob {
  private final SqliteDailyHistory history;
  private final PrintStream out;
  private final PrintStream err;

  public ImportTicksJob(SqliteDailyHistory history, PrintStream out, PrintStream err) {
    this.history = history;
    this.out = out;
    this.err = err;
  }

  public int run(Path file) {
    try {
      TicksFile ticks = TicksJsonReader.read(file);
      for (TicksFile.BadEntry bad : ticks.badEntries()) {
        err.printf("%s: entry %s skipped: %s%n", file, bad.key(), bad.reason());
      }
      List<DailyBar> bars = new ArrayList<>();
      int skipped = 0;
      for (TicksEntry e : ticks.entries()) {
        if (!(e.open() > 0 && e.high() > 0 && e.low() > 0 && e.close() > 0)) {
          skipped++;
          err.printf("%s: entry %s (%s) skipped: OHLC not complete%n", file, e.key(), e.symbol());
          continue;
        }
        LocalDate date = MarketClock.istDate(e.timestamp().getEpochSecond());
        bars.add(new DailyBar(e.symbol(), date, e.open(), e.high(), e.low(), e.close(), e.volume()));
      }
      history.upsert(bars);
      out.printf("%s: imported %d daily candles (%d entries skipped)%n", file, bars.size(),
          skipped + ticks.badEntries().size());
      return 0;
    } catch (IOException e) {
      err.println("import-ticks failed: " + e.getMessage());
      return 1;
    }
  }
}
