package marketgate.workers.ticks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
 * by {@link DataStore}. Candles are matched by instrument token on load, so a changed universe or
 * ring size still restores what fits.
 *
 * <p>No stall: the store is saved stripe by stripe, a few instruments at a time, each copied under
 * the store's lock into buffers reused from one checkpoint to the next (about a megabyte), the lock
 * released before the bytes are written. Ingestion and queries wait at most one stripe's copy, a
 * fraction of a millisecond, instead of a copy of the whole store. Each stripe records the store
 * version it was copied at, and the counters are saved last with theirs; recovery replays the
 * journal from the first stripe's version, skipping for each instrument what its stripe holds and
 * leaving the counters as saved for batches they count ({@link CandleStore#replay}), so checkpoint
 * plus journal rebuild the store exactly although ticks flowed while it was written.
 */
public final class StoreCheckpoint {
  public static final String PATH = "state/ticks/checkpoint.bin";
  private static final int MAGIC = 0x4d47434b; // "MGCK"
  /** 1: one frozen copy, interval-major (still read). 2: stripes, instrument-major. */
  private static final int FORMAT = 2;
  /** Longs copied under the lock per stripe: 1 MB, a fraction of a millisecond of memory copy. */
  static final int DEFAULT_STRIPE_LONGS = 128 * 1024;

  private final DataStore dataStore;
  private final int stripeLongs;
  // Stripe buffers, reused by every checkpoint of this instance (saves are serialised).
  private long[][] ringBuffers = new long[0][];
  private long[] stateBuffer = new long[0];
  private int[] headBuffer = new int[0];
  private int[] usedBuffer = new int[0];

  public StoreCheckpoint(DataStore dataStore) {
    this(dataStore, DEFAULT_STRIPE_LONGS);
  }

  /** @param stripeLongs how many longs of candles one stripe copies under the lock (tests make it tiny) */
  StoreCheckpoint(DataStore dataStore, int stripeLongs) {
    this.dataStore = dataStore;
    this.stripeLongs = stripeLongs;
  }

  /**
   * Writes the store; returns the version of its first stripe (every batch up to it is in the
   * checkpoint). Blocking; holds the store's lock only while one stripe is copied.
   */
  public synchronized long save(CandleStore store) throws IOException {
    int n = store.instrumentCount();
    int intervals = Interval.count();
    int[] caps = store.capacities().clone();
    long perInstrument = CandleStore.STRIDE;
    for (int cap : caps) {
      perInstrument += (long) cap * CandleStore.STRIDE;
    }
    int stripe = (int) Math.max(1, Math.min(n, stripeLongs / perInstrument));
    ensureBuffers(stripe, caps);
    long[] firstVersion = {-1};
    dataStore.write(PATH, raw -> {
      CRC32 crc = new CRC32();
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(intervals);
      out.writeInt(n);
      for (int from = 0; from < n; from += stripe) {
        int to = Math.min(n, from + stripe);
        long version = copyStripe(store, from, to, caps);
        if (firstVersion[0] < 0) {
          firstVersion[0] = version;
        }
        out.writeInt(to - from);
        out.writeLong(version);
        for (int i = from; i < to; i++) {
          writeInstrument(store.instrument(i).token(), i - from, caps, out);
        }
      }
      out.writeInt(0);
      long version = writeCounters(store, out);
      if (firstVersion[0] < 0) {
        firstVersion[0] = version;
      }
      out.flush();
      new DataOutputStream(raw).writeLong(crc.getValue());
    });
    return firstVersion[0];
  }

  private void ensureBuffers(int stripe, int[] caps) {
    if (ringBuffers.length != caps.length) {
      ringBuffers = new long[caps.length][0];
    }
    for (int k = 0; k < caps.length; k++) {
      int size = stripe * caps[k] * CandleStore.STRIDE;
      if (ringBuffers[k].length < size) {
        ringBuffers[k] = new long[size];
      }
    }
    if (stateBuffer.length < stripe * CandleStore.STRIDE) {
      stateBuffer = new long[stripe * CandleStore.STRIDE];
    }
    if (headBuffer.length < stripe * caps.length) {
      headBuffer = new int[stripe * caps.length];
      usedBuffer = new int[stripe * caps.length];
    }
  }

  /** Copies instruments [from, to) into the buffers under the lock; returns the store version copied. */
  private long copyStripe(CandleStore store, int from, int to, int[] caps) {
    int count = to - from;
    int intervals = caps.length;
    store.lock().lock();
    try {
      for (int k = 0; k < intervals; k++) {
        int slots = caps[k] * CandleStore.STRIDE;
        System.arraycopy(store.ring(k), from * slots, ringBuffers[k], 0, count * slots);
      }
      System.arraycopy(store.instrumentState(), from * CandleStore.STRIDE, stateBuffer, 0, count * CandleStore.STRIDE);
      System.arraycopy(store.heads(), from * intervals, headBuffer, 0, count * intervals);
      System.arraycopy(store.used(), from * intervals, usedBuffer, 0, count * intervals);
      return store.versionLocked();
    } finally {
      store.lock().unlock();
    }
  }

  /** One instrument of the copied stripe: its state, then per interval its candles oldest first. */
  private void writeInstrument(int token, int local, int[] caps, DataOutputStream out) throws IOException {
    int st = local * CandleStore.STRIDE;
    out.writeInt(token);
    out.writeLong(stateBuffer[st + CandleStore.S_MILLIS]);
    out.writeDouble(Double.longBitsToDouble(stateBuffer[st + CandleStore.S_PRICE]));
    out.writeLong(stateBuffer[st + CandleStore.S_CUM]);
    out.writeLong(stateBuffer[st + CandleStore.S_CUM_DAY]);
    out.writeLong(stateBuffer[st + CandleStore.S_OI]);
    int intervals = caps.length;
    for (int k = 0; k < intervals; k++) {
      int cap = caps[k];
      int hk = local * intervals + k;
      int count = usedBuffer[hk];
      int head = headBuffer[hk];
      long[] ring = ringBuffers[k];
      out.writeInt(count);
      for (int j = count - 1; j >= 0; j--) {
        int p = (local * cap + Math.floorMod(head - j, cap)) * CandleStore.STRIDE;
        for (int f = 0; f < CandleStore.STRIDE; f++) {
          out.writeLong(ring[p + f]);
        }
      }
    }
  }

  /** The counters, taken last: they count every batch up to the version written with them. */
  private static long writeCounters(CandleStore store, DataOutputStream out) throws IOException {
    long version;
    long ticks;
    int withTicks;
    long newest;
    long created;
    long completed;
    long[] rejected;
    store.lock().lock();
    try {
      version = store.versionLocked();
      ticks = store.ticksProcessedLocked();
      withTicks = store.instrumentsWithTicksLocked();
      newest = store.newestTickMillisLocked();
      created = store.candlesCreatedLocked();
      completed = store.candlesCompletedLocked();
      rejected = store.rejectedCounters().clone();
    } finally {
      store.lock().unlock();
    }
    out.writeLong(version);
    out.writeLong(ticks);
    out.writeInt(withTicks);
    out.writeLong(newest);
    out.writeLong(created);
    out.writeLong(completed);
    out.writeInt(rejected.length);
    for (long r : rejected) {
      out.writeLong(r);
    }
    return version;
  }

  /**
   * Loads the checkpoint into an empty store. Returns the version from which the journal must be
   * replayed (every batch up to it is held), or -1 when there is none. A corrupt file is an IOException naming the problem (the caller decides to start empty).
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
    int magic = in.readInt();
    int format = in.readInt();
    if (magic != MAGIC || (format != 1 && format != FORMAT)) {
      throw new IOException("not a marketgate checkpoint (format 1 or " + FORMAT + ")");
    }
    return format == 1 ? readFormat1(store, in) : readStripes(store, in);
  }

  /** Format 2; returns the first stripe's version, from which the journal is replayed. */
  private static long readStripes(CandleStore store, DataInputStream in) throws IOException {
    int intervals = in.readInt();
    if (intervals != Interval.count()) {
      throw new IOException("checkpoint has " + intervals + " intervals, expected " + Interval.count());
    }
    in.readInt(); // instruments at save time: the stripes say how many follow
    long[] floors = new long[store.instrumentCount()];
    long[] candle = new long[CandleStore.STRIDE];
    long first = -1;
    for (int m = in.readInt(); m != 0; m = in.readInt()) {
      if (m < 0) {
        throw new IOException("negative stripe size");
      }
      long stripeVersion = in.readLong();
      first = first < 0 ? stripeVersion : first;
      for (int j = 0; j < m; j++) {
        int idx = readState(store, in);
        if (idx >= 0) {
          floors[idx] = stripeVersion;
        }
        for (int k = 0; k < intervals; k++) {
          readCandles(store, in, idx, k, candle);
        }
      }
    }
    long version = readCounters(store, in);
    store.restoreReplayFloors(floors, version);
    return first < 0 ? version : first;
  }

  /** Format 1: counters first, then the states, then interval by interval every instrument's candles. */
  private static long readFormat1(CandleStore store, DataInputStream in) throws IOException {
    long version = readCounters(store, in);
    store.restoreReplayFloors(null, version);
    int n = in.readInt();
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = readState(store, in);
    }
    int intervals = in.readInt();
    if (intervals != Interval.count()) {
      throw new IOException("checkpoint has " + intervals + " intervals, expected " + Interval.count());
    }
    long[] candle = new long[CandleStore.STRIDE];
    for (int k = 0; k < intervals; k++) {
      for (int i = 0; i < n; i++) {
        readCandles(store, in, index[i], k, candle);
      }
    }
    return version;
  }

  private static long readCounters(CandleStore store, DataInputStream in) throws IOException {
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
    return version;
  }

  /** One instrument's state; returns its index in this store, or -1 when it is not in the universe. */
  private static int readState(CandleStore store, DataInputStream in) throws IOException {
    int idx = store.indexOf(in.readInt());
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
    return idx;
  }

  /** One instrument's candles of one interval, oldest first; the newest that fit the ring are kept. */
  private static void readCandles(CandleStore store, DataInputStream in, int idx, int k, long[] candle)
      throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IOException("negative candle count");
    }
    int cap = store.capacities()[k];
    long[] ring = store.ring(k);
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
      int hk = idx * Interval.count() + k;
      store.used()[hk] = keep;
      store.heads()[hk] = keep - 1;
    }
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
