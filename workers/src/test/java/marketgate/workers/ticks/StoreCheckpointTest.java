package marketgate.workers.ticks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import marketgate.shared.config.MarketgateConfig;
import marketgate.shared.model.Interval;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.store.DataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint written stripe by stripe, while ticks keep flowing, still restores the store exactly. */
class StoreCheckpointTest {
  private static final Universe UNIVERSE = Universe.builtIn().limit(300);
  private static final long OPEN = StoreFixtures.millis("09:15:00");
  @TempDir Path dir;

  private static CandleStore store() {
    return new CandleStore(UNIVERSE, MarketgateConfig.defaults().ticks().ringSize(), false);
  }

  /** A batch of random instruments at a market time that moves on with every batch. */
  private static TickBatch batch(SplittableRandom random, int sequence, long[] cumulative) {
    TickBatch batch = new TickBatch(64);
    long millis = OPEN + sequence * 250L;
    for (int i = 0; i < 64; i++) {
      int idx = random.nextInt(UNIVERSE.size());
      cumulative[idx] += 1 + random.nextInt(500);
      batch.add(UNIVERSE.instruments().get(idx).token(), 100 + random.nextInt(1000) / 20.0, cumulative[idx], 0,
          millis + random.nextInt(250));
    }
    if (sequence % 50 == 0) {
      batch.add(12345, 10, 1, 0, millis); // an unknown token: counted, not stored
    }
    return batch;
  }

  private static void assertSameStore(CandleStore expected, CandleStore actual) {
    long now = StoreFixtures.seconds("16:00:00");
    for (int i = 0; i < expected.instrumentCount(); i++) {
      for (Interval interval : Interval.all()) {
        assertEquals(expected.candles(i, interval, 1000, now), actual.candles(i, interval, 1000, now),
            expected.instrument(i).symbol() + " " + interval.label());
      }
    }
    CandleStoreStats a = expected.stats();
    CandleStoreStats b = actual.stats();
    assertEquals(a.ticksProcessed(), b.ticksProcessed());
    assertEquals(a.instrumentsWithTicks(), b.instrumentsWithTicks());
    assertEquals(a.candlesCreated(), b.candlesCreated());
    assertEquals(a.candlesCompleted(), b.candlesCompleted());
    assertArrayEquals(a.rejected(), b.rejected());
    assertEquals(a.lastTickMillis(), b.lastTickMillis());
    assertEquals(a.version(), b.version());
  }

  @Test
  void aCheckpointTakenWhileTicksFlowRestoresTheStoreExactly() throws Exception {
    DataStore data = new DataStore(dir);
    CandleStore live = store();
    TickJournal journal = new TickJournal(data);
    SplittableRandom random = new SplittableRandom(42);
    long[] cumulative = new long[UNIVERSE.size()];
    int sequence = 0;
    for (; sequence < 200; sequence++) {
      TickBatch b = batch(random, sequence, cumulative);
      journal.append(live.apply(b), b);
    }
    journal.write(journal.drain());
    long oldSegment = journal.rotate();

    // Ticks flow on another thread for the whole checkpoint; one instrument per stripe, so the
    // lock is released and taken again 300 times while they do.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger during = new AtomicInteger();
    int first = sequence;
    Thread feed = new Thread(() -> {
      int s = first;
      while (!stop.get() || during.get() < 50) {
        TickBatch b = batch(random, s++, cumulative);
        journal.append(live.apply(b), b);
        during.incrementAndGet();
      }
    });
    feed.start();
    StoreCheckpoint checkpoint = new StoreCheckpoint(data, 1);
    long version;
    try {
      version = checkpoint.save(live);
    } finally {
      stop.set(true);
      feed.join();
    }
    journal.write(journal.drain());
    journal.deleteThrough(oldSegment);
    assertTrue(live.version() > version, "batches were applied while the checkpoint was written");

    CandleStore rebuilt = store();
    long from = new StoreCheckpoint(data).load(rebuilt);
    new TickJournal(data).replay(from, rebuilt);
    assertSameStore(live, rebuilt);
  }

  @Test
  void aCheckpointCopiesAStripeAtATimeIntoReusedBuffers() throws Exception {
    DataStore data = new DataStore(dir);
    CandleStore live = store();
    SplittableRandom random = new SplittableRandom(7);
    long[] cumulative = new long[UNIVERSE.size()];
    for (int s = 0; s < 400; s++) {
      live.apply(batch(random, s, cumulative));
    }
    long storeBytes = 0;
    for (Interval interval : Interval.all()) {
      storeBytes += (long) live.capacity(interval) * UNIVERSE.size() * CandleStore.STRIDE * Long.BYTES;
    }
    StoreCheckpoint checkpoint = new StoreCheckpoint(data);
    checkpoint.save(live);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    checkpoint.save(live);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // A frozen copy of the rings alone would be storeBytes (about 25 MB here).
    assertTrue(allocated < storeBytes / 10, "allocated " + allocated + " bytes for a store of " + storeBytes);
    CandleStore rebuilt = store();
    new StoreCheckpoint(data).load(rebuilt);
    assertSameStore(live, rebuilt);
  }

  @Test
  void aCheckpointOfTheEarlierFormatStillLoads() throws Exception {
    CandleStore live = store();
    SplittableRandom random = new SplittableRandom(9);
    long[] cumulative = new long[UNIVERSE.size()];
    for (int s = 0; s < 100; s++) {
      live.apply(batch(random, s, cumulative));
    }
    DataStore data = new DataStore(dir);
    data.write(StoreCheckpoint.PATH, raw -> writeFormat1(live, raw));
    CandleStore rebuilt = store();
    assertEquals(live.version(), new StoreCheckpoint(data).load(rebuilt));
    assertSameStore(live, rebuilt);
  }

  /** The layout format 1 had: counters, states, then interval by interval every instrument's candles. */
  private static void writeFormat1(CandleStore store, java.io.OutputStream raw) throws java.io.IOException {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.CheckedOutputStream(raw, crc));
    CandleStoreStats stats = store.stats();
    out.writeInt(0x4d47434b);
    out.writeInt(1);
    for (long v : new long[] {stats.version(), stats.ticksProcessed()}) {
      out.writeLong(v);
    }
    out.writeInt(stats.instrumentsWithTicks());
    for (long v : new long[] {stats.lastTickMillis(), stats.candlesCreated(), stats.candlesCompleted()}) {
      out.writeLong(v);
    }
    out.writeInt(stats.rejected().length);
    for (long r : stats.rejected()) {
      out.writeLong(r);
    }
    int n = store.instrumentCount();
    out.writeInt(n);
    long[] state = store.instrumentState();
    for (int i = 0; i < n; i++) {
      out.writeInt(store.instrument(i).token());
      int st = i * CandleStore.STRIDE;
      out.writeLong(state[st + CandleStore.S_MILLIS]);
      out.writeDouble(Double.longBitsToDouble(state[st + CandleStore.S_PRICE]));
      out.writeLong(state[st + CandleStore.S_CUM]);
      out.writeLong(state[st + CandleStore.S_CUM_DAY]);
      out.writeLong(state[st + CandleStore.S_OI]);
    }
    int intervals = Interval.count();
    out.writeInt(intervals);
    for (int k = 0; k < intervals; k++) {
      int cap = store.capacities()[k];
      for (int i = 0; i < n; i++) {
        int count = store.used()[i * intervals + k];
        int head = store.heads()[i * intervals + k];
        out.writeInt(count);
        for (int j = count - 1; j >= 0; j--) {
          int p = (i * cap + Math.floorMod(head - j, cap)) * CandleStore.STRIDE;
          for (int f = 0; f < CandleStore.STRIDE; f++) {
            out.writeLong(store.ring(k)[p + f]);
          }
        }
      }
    }
    out.flush();
    new java.io.DataOutputStream(raw).writeLong(crc.getValue());
  }
}
