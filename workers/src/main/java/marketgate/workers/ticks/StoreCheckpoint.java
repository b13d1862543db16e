package marketgate.workers.ticks;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import marketgate.shared.model.Interval;
import marketgate.shared.store.DataStore;

/**
 * Saves and restores the whole candle store (rings, last cumulative volumes, counters) so a
 * restart neither loses candles nor books the day's volume again. The file is written atomically
 * by {@link DataStore}; the store's lock is held only while bytes are streamed, the fsync and
 * rename happen after. Candles are matched by instrument token on load, so a changed universe or
 * ring size still restores what fits.
 */
public final class StoreCheckpoint {
  public static final String PATH = "state/ticks/checkpoint.bin";
  private static final int MAGIC = 0x4d47434b; // "MGCK"
  private static final int FORMAT = 1;

  private final DataStore dataStore;

  public StoreCheckpoint(DataStore dataStore) {
    this.dataStore = dataStore;
  }

  /**
   * Writes the store; returns the store version the checkpoint holds. Blocking. The store's lock is
   * held only while its arrays are copied (a memory copy, tens of milliseconds for a full day), so
   * the ticks verticle is never held up by disk writes.
   */
  public long save(CandleStore store) throws IOException {
    Frozen frozen = freeze(store);
    dataStore.write(PATH, raw -> {
      CRC32 crc = new CRC32();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
      writeBody(frozen, out);
      out.flush();
      new DataOutputStream(raw).writeLong(crc.getValue());
    });
    return frozen.version();
  }

  /** A consistent copy of the store at one version. */
  private record Frozen(long version, long ticks, int withTicks, long newest, long created, long completed,
      long[] rejected, int[] tokens, long[] state, int[] heads, int[] used, int[] capacities, long[][] rings) {}

  private static Frozen freeze(CandleStore store) {
    int n = store.instrumentCount();
    int[] tokens = new int[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = store.instrument(i).token();
    }
    store.lock().lock();
    try {
      long[][] rings = new long[Interval.count()][];
      for (int k = 0; k < rings.length; k++) {
        rings[k] = store.ring(k).clone();
      }
      return new Frozen(store.versionLocked(), store.ticksProcessedLocked(), store.instrumentsWithTicksLocked(),
          store.newestTickMillisLocked(), store.candlesCreatedLocked(), store.candlesCompletedLocked(),
          store.rejectedCounters().clone(), tokens, store.instrumentState().clone(), store.heads().clone(),
          store.used().clone(), store.capacities().clone(), rings);
    } finally {
      store.lock().unlock();
    }
  }

  private static void writeBody(Frozen store, DataOutputStream out) throws IOException {
    int n = store.tokens().length;
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeLong(store.version());
    out.writeLong(store.ticks());
    out.writeInt(store.withTicks());
    out.writeLong(store.newest());
    out.writeLong(store.created());
    out.writeLong(store.completed());
    long[] rejected = store.rejected();
    out.writeInt(rejected.length);
    for (long r : rejected) {
      out.writeLong(r);
    }
    out.writeInt(n);
    long[] state = store.state();
    for (int i = 0; i < n; i++) {
      out.writeInt(store.tokens()[i]);
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
      long[] ring = store.rings()[k];
      for (int i = 0; i < n; i++) {
        int hk = i * intervals + k;
        int count = store.used()[hk];
        int head = store.heads()[hk];
        out.writeInt(count);
        for (int j = count - 1; j >= 0; j--) {
          int p = (i * cap + Math.floorMod(head - j, cap)) * CandleStore.STRIDE;
          for (int f = 0; f < CandleStore.STRIDE; f++) {
            out.writeLong(ring[p + f]);
          }
        }
      }
    }
  }

  /**
   * Loads the checkpoint into an empty store. Returns the version it held, or -1 when there is
   * none. A corrupt file is an IOException naming the problem (the caller decides to start empty).
   */
  public long load(CandleStore store) throws IOException {
    Path file = dataStore.resolve(PATH);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return -1;
    }
    if (size < 8) {
      throw new IOException(file + " is truncated");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32 crc = new CRC32();
      DataInputStream in = new DataInputStream(new CheckedInputStream(new BoundedInput(raw, size - 8), crc));
      store.lock().lock();
      long version;
      try {
        version = readBody(store, in);
        if (in.read() != -1) {
          throw new IOException(file + " has trailing bytes");
        }
      } finally {
        store.lock().unlock();
      }
      long expected = new DataInputStream(raw).readLong();
      if (expected != crc.getValue()) {
        throw new IOException(file + " fails its checksum");
      }
      return version;
    } catch (EOFException e) {
      throw new IOException(file + " is truncated", e);
    }
  }

  private static long readBody(CandleStore store, DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
      throw new IOException("not a marketgate checkpoint (format " + FORMAT + ")");
    }
    long version = in.readLong();
    long ticks = in.readLong();
    int withTicks = in.readInt();
    long newest = in.readLong();
    long created = in.readLong();
    long completed = in.readLong();
    int reasons = in.readInt();
    long[] rejected = store.rejectedCounters();
    for (int r = 0; r < reasons; r++) {
      long value = in.readLong();
      if (r < rejected.length) {
        rejected[r] = value;
      }
    }
    store.restoreCounters(version, ticks, withTicks, newest, created, completed);
    int n = in.readInt();
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      int idx = store.indexOf(in.readInt());
      index[i] = idx;
      long lastMillis = in.readLong();
      double lastPrice = in.readDouble();
      long cum = in.readLong();
      long cumDay = in.readLong();
      long oi = in.readLong();
      if (idx >= 0) {
        int st = idx * CandleStore.STRIDE;
        long[] state = store.instrumentState();
        state[st + CandleStore.S_MILLIS] = lastMillis;
        state[st + CandleStore.S_PRICE] = Double.doubleToRawLongBits(lastPrice);
        state[st + CandleStore.S_CUM] = cum;
        state[st + CandleStore.S_CUM_DAY] = cumDay;
        state[st + CandleStore.S_OI] = oi;
      }
    }
    int intervals = in.readInt();
    if (intervals != Interval.count()) {
      throw new IOException("checkpoint has " + intervals + " intervals, expected " + Interval.count());
    }
    long[] candle = new long[CandleStore.STRIDE];
    for (int k = 0; k < intervals; k++) {
      int cap = store.capacities()[k];
      long[] ring = store.ring(k);
      for (int i = 0; i < n; i++) {
        int count = in.readInt();
        if (count < 0) {
          throw new IOException("negative candle count");
        }
        int idx = index[i];
        int keep = Math.min(count, cap);
        for (int j = 0; j < count; j++) {
          for (int f = 0; f < CandleStore.STRIDE; f++) {
            candle[f] = in.readLong();
          }
          int position = j - (count - keep);
          if (idx < 0 || position < 0) {
            continue;
          }
          System.arraycopy(candle, 0, ring, (idx * cap + position) * CandleStore.STRIDE, CandleStore.STRIDE);
        }
        if (idx >= 0 && keep > 0) {
          int hk = idx * intervals + k;
          store.used()[hk] = keep;
          store.heads()[hk] = keep - 1;
        }
      }
    }
    return version;
  }

  /** Reads at most {@code limit} bytes of the underlying stream (the body before the checksum). */
  private static final class BoundedInput extends java.io.FilterInputStream {
    private long remaining;

    BoundedInput(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
