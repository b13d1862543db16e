package marketgate.workers.scans;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import marketgate.shared.model.DailyHistory;
import marketgate.shared.model.DailySeries;

/**
 * The daily series of every symbol for the newest history date, loaded once per date and shared
 * by all scans (a full load is ~2,400 symbols x 260 rows; a scan must not pay it). Blocking: call
 * from worker threads. Concurrent callers on a new date wait for one load.
 */
final class HistoryCache {
  /** 250 rows of "full" year plus margin for the 230-row look-back of scan 1. */
  static final int ROWS = 260;

  record Snapshot(LocalDate date, Map<String, DailySeries> series) {}

  private final DailyHistory history;
  private Snapshot snapshot = new Snapshot(null, Map.of());

  HistoryCache(DailyHistory history) {
    this.history = history;
  }

  synchronized Snapshot current() throws IOException {
    LocalDate latest = history.latestDate().orElse(null);
    if (!Objects.equals(latest, snapshot.date())) {
      snapshot = new Snapshot(latest, latest == null ? Map.of() : Map.copyOf(history.loadAll(ROWS, latest)));
    }
    return snapshot;
  }
}
