package marketgate.workers.ticks;

import static marketgate.workers.ticks.StoreFixtures.INFY;
import static marketgate.workers.ticks.StoreFixtures.millis;
import static marketgate.workers.ticks.StoreFixtures.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import marketgate.shared.model.Candle;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
  @TempDir Path dir;

  private static long apply(CandleStore store, TickJournal journal, TickBatch batch) {
    long v = store.apply(batch);
    journal.append(v, batch);
    return v;
  }

  private static List<Candle> minutes(CandleStore store) {
    return store.candles(store.indexOf(INFY), Interval.M1, 100, seconds("16:00:00"));
  }

  @Test
  void cumulativeVolumeSurvivesARestartWithoutASpike() throws IOException {
    DataStore data = new DataStore(dir);
    CandleStore before = StoreFixtures.store();
    before.apply(new TickBatch(1).add(INFY, 100, 1_000_000, 0, millis("10:00:10")));
    new StoreCheckpoint(data).save(before);

    CandleStore after = StoreFixtures.store();
    new StoreCheckpoint(data).load(after);
    after.apply(new TickBatch(1).add(INFY, 101, 1_000_500, 0, millis("10:01:10")));
    List<Candle> list = minutes(after);
    assertEquals(2, list.size());
    assertEquals(500, list.get(1).volume(), "only the increase since the last tick before the restart");
    assertEquals(1_000_500, after.candles(after.indexOf(INFY), Interval.DAY, 1, seconds("16:00:00")).get(0).volume());
  }

  @Test
  void checkpointPlusJournalRebuildsTheStoreExactly() throws IOException {
    DataStore data = new DataStore(dir);
    CandleStore live = StoreFixtures.store();
    TickJournal journal = new TickJournal(data);
    StoreCheckpoint checkpoint = new StoreCheckpoint(data);
    apply(live, journal, new TickBatch(1).add(INFY, 100, 10, 0, millis("09:15:10")));
    journal.write(journal.drain());
    long segment = journal.rotate();
    checkpoint.save(live);
    journal.deleteThrough(segment);
    apply(live, journal, new TickBatch(1).add(INFY, 102, 30, 0, millis("09:16:10")));
    apply(live, journal, new TickBatch(1).add(INFY, 99, 60, 0, millis("09:17:10")));
    journal.write(journal.drain());

    CandleStore rebuilt = StoreFixtures.store();
    long version = new StoreCheckpoint(data).load(rebuilt);
    int replayed = new TickJournal(data).replay(version, rebuilt);
    assertEquals(2, replayed);
    assertEquals(minutes(live), minutes(rebuilt));
    assertEquals(live.stats().ticksProcessed(), rebuilt.stats().ticksProcessed());
    assertEquals(live.version(), rebuilt.version());
  }

  @Test
  void aTornJournalTailIsIgnored() throws IOException {
    DataStore data = new DataStore(dir);
    CandleStore live = StoreFixtures.store();
    TickJournal journal = new TickJournal(data);
    apply(live, journal, new TickBatch(1).add(INFY, 100, 10, 0, millis("09:15:10")));
    journal.write(journal.drain());
    Path segment;
    try (var files = Files.list(data.resolve(TickJournal.DIR))) {
      segment = files.findFirst().orElseThrow();
    }
    Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
    CandleStore rebuilt = StoreFixtures.store();
    assertEquals(1, new TickJournal(data).replay(0, rebuilt));
    assertEquals(1, minutes(rebuilt).size());
  }

  @Test
  void aCorruptCheckpointIsReportedNotLoaded() throws IOException {
    DataStore data = new DataStore(dir);
    CandleStore live = StoreFixtures.store();
    live.apply(new TickBatch(1).add(INFY, 100, 10, 0, millis("09:15:10")));
    new StoreCheckpoint(data).save(live);
    Path file = data.resolve(StoreCheckpoint.PATH);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(file, bytes);
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> new StoreCheckpoint(data).load(StoreFixtures.store()));
    assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("truncated")
        || e.getMessage().contains("negative"), e.getMessage());
  }

  @Test
  void aSmallerRingKeepsTheNewestCandles() throws IOException {
    DataStore data = new DataStore(dir);
    CandleStore live = StoreFixtures.store();
    for (int m = 0; m < 10; m++) {
      live.apply(new TickBatch(1).add(INFY, 100 + m, 10L * (m + 1), 0, millis("09:15:10") + m * 60_000L));
    }
    new StoreCheckpoint(data).save(live);
    int[] small = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    CandleStore rebuilt = new CandleStore(StoreFixtures.universe(), small, false);
    new StoreCheckpoint(data).load(rebuilt);
    List<Candle> list = minutes(rebuilt);
    assertEquals(3, list.size());
    assertEquals(109, list.get(2).close());
    rebuilt.apply(new TickBatch(1).add(INFY, 200, 200, 0, millis("09:25:10")));
    assertEquals(200, minutes(rebuilt).get(2).close());
  }
}
