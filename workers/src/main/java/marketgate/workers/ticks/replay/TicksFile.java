package marketgate.workers.ticks.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;

/**
 * What a {@code ticks.json} file held: its good entries in file order and the entries skipped,
 * each with its key and reason.
 */
public record TicksFile(String source, List<TicksEntry> entries, List<BadEntry> badEntries) {

  /** An entry that was skipped, e.g. {@code ("3425537", "ohlcv.open must be a number, got "abc"")}. */
  public record BadEntry(String key, String reason) {}

  /** ticks.json does not name exchanges; PKBrokers' files are NSE snapshots (indices included). */
  public static final String EXCHANGE = "NSE";

  public TicksFile {
    entries = List.copyOf(entries);
    badEntries = List.copyOf(badEntries);
  }

  /** The file's instruments, with the close (or the last known price) as last price and the cumulative volume as day volume. */
  public Universe universe() {
    List<Instrument> instruments = new ArrayList<>(entries.size());
    for (TicksEntry e : entries) {
      instruments.add(new Instrument(e.token(), e.symbol(), EXCHANGE, Instrument.segmentOf(e.token()), e.lastPrice(),
          e.volume()));
    }
    return new Universe(instruments);
  }

  /** The entries oldest first (ties in file order): the order a replay sends them in. */
  public List<TicksEntry> entriesByTime() {
    List<TicksEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(TicksEntry::timestamp));
    return sorted;
  }

  /**
   * Every entry as ticks (see {@link OhlcTicks}), oldest entry first, in batches of at most about
   * {@code ticksPerBatch} ticks (an entry's ticks are never split).
   */
  public List<TickBatch> toTickBatches(int ticksPerBatch) {
    List<TickBatch> batches = new ArrayList<>();
    TickBatch batch = new TickBatch(ticksPerBatch);
    for (TicksEntry entry : entriesByTime()) {
      if (batch.size() + OhlcTicks.MAX_TICKS > ticksPerBatch && !batch.isEmpty()) {
        batches.add(batch);
        batch = new TickBatch(ticksPerBatch);
      }
      OhlcTicks.append(entry, batch);
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }
}
