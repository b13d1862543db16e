package marketgate.workers.publish;

import java.time.LocalDate;
import marketgate.shared.model.TickBatch;
import marketgate.shared.time.MarketClock;
import marketgate.workers.ticks.CandleStore;
import marketgate.workers.ticks.simulator.MarketSimulator;

/** Fills a store with one simulated session, minute by minute: content for a publish with no data. */
final class SimulatedSession {
  private SimulatedSession() {}

  /** Applies {@code ticksPerMinute} ticks per session minute of {@code day}; returns the tick count. */
  static long fill(CandleStore store, MarketSimulator simulator, LocalDate day, int ticksPerMinute) {
    long open = MarketClock.sessionOpen(day) * 1000L;
    long ticks = 0;
    for (int minute = 0; minute < MarketClock.SESSION_SECONDS / 60; minute++) {
      TickBatch batch = new TickBatch(ticksPerMinute);
      simulator.nextTicks(batch, ticksPerMinute, open + minute * 60_000L + 30_000);
      store.apply(batch);
      ticks += batch.size();
    }
    return ticks;
  }
}
