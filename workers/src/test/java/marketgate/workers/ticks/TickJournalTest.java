package marketgate.workers.ticks;

import static marketgate.workers.ticks.StoreFixtures.INFY;
import static marketgate.workers.ticks.StoreFixtures.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import marketgate.shared.model.Candle;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's pending bytes: in bounded chunks, and bounded in total while the disk is behind. */
class TickJournalTest {
  @TempDir Path dir;

  /** A batch of {@code n} INFY ticks, one second apart from {@code second} after 09:15:00. */
  private static TickBatch batch(int n, int second) {
    TickBatch batch = new TickBatch(n);
    for (int i = 0; i < n; i++) {
      batch.add(INFY, 100 + (second + i) % 7, 1_000L * (second + i + 1), 0,
          millis("09:15:00") + 1_000L * (second + i));
    }
    return batch;
  }

  @Test
  void manyBatchesGoIntoChunksOfBoundedSizeAndReplayInOrder() throws Exception {
    DataStore data = new DataStore(dir);
    CandleStore live = StoreFixtures.store();
    TickJournal journal = new TickJournal(data);
    for (int b = 0; b < 300; b++) {
      TickBatch batch = batch(20, b * 20);
      assertTrue(journal.append(live.apply(batch), batch));
    }
    TickJournal.Pending pending = journal.drain();
    assertTrue(pending.chunks().size() > 1, "216 KB of records in more than one chunk");
    for (var chunk : pending.chunks()) {
      assertTrue(chunk.length() <= TickJournal.CHUNK_BYTES, "chunk of " + chunk.length() + " bytes");
    }
    journal.write(pending);
    assertEquals(0, journal.unwrittenBytes());

    CandleStore rebuilt = StoreFixtures.store();
    assertEquals(300, new TickJournal(data).replay(0, rebuilt));
    int infy = live.indexOf(INFY);
    java.util.List<Candle> expected = live.candles(infy, Interval.M1, 200, StoreFixtures.seconds("16:00:00"));
    assertEquals(expected, rebuilt.candles(rebuilt.indexOf(INFY), Interval.M1, 200, StoreFixtures.seconds("16:00:00")));
    assertEquals(100, expected.size());
  }

  @Test
  void whileTheDiskIsBehindBatchesPastTheBoundAreLeftOutAndCountedUntilItCatchesUp() throws Exception {
    DataStore data = new DataStore(dir);
    CandleStore live = StoreFixtures.store();
    int record = 4 + 8 + 4 + 36 * 10 + 4;
    TickJournal journal = new TickJournal(data, 5L * record);
    int journaled = 0;
    for (int b = 0; b < 8; b++) {
      TickBatch batch = batch(10, b * 10);
      if (journal.append(live.apply(batch), batch)) {
        journaled++;
      }
    }
    assertEquals(5, journaled, "5 records fit the bound");
    assertEquals(3, journal.droppedBatches());
    TickJournal.Pending waiting = journal.drain();
    TickBatch next = batch(10, 80);
    assertFalse(journal.append(live.apply(next), next), "drained is not written: still over the bound");
    journal.write(waiting);
    assertEquals(0, journal.unwrittenBytes());
    TickBatch after = batch(10, 90);
    assertTrue(journal.append(live.apply(after), after), "written: room again");
    journal.write(journal.drain());
    assertEquals(4, journal.droppedBatches());
    assertEquals(6, new TickJournal(data).replay(0, StoreFixtures.store()));
  }
}
