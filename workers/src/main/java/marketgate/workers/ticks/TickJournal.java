package marketgate.workers.ticks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import marketgate.shared.store.SlicedWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import marketgate.shared.bus.TickBatchCodec;
import marketgate.shared.model.TickBatch;
import marketgate.shared.store.DataStore;

/**
 * Append-only journal of accepted tick batches, so a {@code kill -9} loses at most one flush
 * interval of ticks. Records are {@code [int length][long version][batch][int crc]}; a torn last
 * record (the process died mid-write) fails its length or CRC and ends the replay there.
 *
 * <p>Batches are encoded into memory on the event loop ({@link #append}) and written by a worker
 * ({@link #write}) every flush interval. Each checkpoint starts a new segment and removes the
 * older ones, so the journal only holds what the newest checkpoint lacks.
 */
public final class TickJournal {
  public static final String DIR = "state/ticks/journal";
  /** Journal bytes not yet on disk before new batches are dropped from the journal (35 s at 50,000 ticks/s). */
  public static final long DEFAULT_MAX_UNWRITTEN_BYTES = 64L << 20;
  /**
   * Pending bytes go into chunks of this size, not one growing buffer: a buffer of half a G1 region
   * or more (512 KB with a 768 MB heap) is a humongous allocation, and one that doubles while the
   * disk is behind can fail with the heap mostly free.
   */
  static final int CHUNK_BYTES = 128 * 1024;
  private static final TickBatchCodec CODEC = new TickBatchCodec();

  private final Path dir;
  private final long maxUnwrittenBytes;
  /** Appended and not yet written (pending plus drained); appended on the event loop, written by a worker. */
  private final AtomicLong unwritten = new AtomicLong();
  private final AtomicLong droppedBatches = new AtomicLong();
  private List<Buffer> chunks = new ArrayList<>();
  private Buffer current = Buffer.buffer(CHUNK_BYTES);
  private long segment;

  public TickJournal(DataStore dataStore) throws IOException {
    this(dataStore, DEFAULT_MAX_UNWRITTEN_BYTES);
  }

  /** @param maxUnwrittenBytes past this many bytes not yet on disk, batches are left out of the journal (counted) */
  public TickJournal(DataStore dataStore, long maxUnwrittenBytes) throws IOException {
    this.dir = dataStore.resolve(DIR);
    this.maxUnwrittenBytes = maxUnwrittenBytes;
    Files.createDirectories(dir);
    List<Long> existing = segments();
    this.segment = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
  }

  /**
   * Encodes a batch into the pending bytes (cheap; event loop). When the disk is so far behind that
   * more than the bound is waiting, the batch is left out and counted, and false returned: the
   * candle store still has it, and the next checkpoint makes it durable; a crash before that loses it.
   */
  public boolean append(long version, TickBatch batch) {
    int recordBytes = 4 + 8 + 4 + TickBatchCodec.BYTES_PER_TICK * batch.size() + 4;
    if (unwritten.get() + recordBytes > maxUnwrittenBytes) {
      droppedBatches.incrementAndGet();
      return false;
    }
    if (current.length() > 0 && current.length() + recordBytes > CHUNK_BYTES) {
      chunks.add(current);
      current = Buffer.buffer(Math.max(CHUNK_BYTES, recordBytes));
    }
    int lengthAt = current.length();
    current.appendInt(0).appendLong(version);
    int bodyAt = current.length();
    CODEC.encodeToWire(current, batch);
    int bodyLength = current.length() - bodyAt;
    current.setInt(lengthAt, bodyLength);
    CRC32 crc = new CRC32();
    crc.update(((BufferInternal) current).getByteBuf().nioBuffer(lengthAt + 4, 8 + bodyLength)); // a view, no copy
    current.appendInt((int) crc.getValue());
    unwritten.addAndGet(current.length() - lengthAt);
    return true;
  }

  /** Hands over what was appended since the last drain, with the segment it belongs to. */
  public Pending drain() {
    if (current.length() > 0) {
      chunks.add(current);
      current = Buffer.buffer(CHUNK_BYTES);
    }
    Pending out = new Pending(segment, List.copyOf(chunks));
    chunks = new ArrayList<>();
    return out;
  }

  /** Bytes to append to a segment, in chunks. */
  public record Pending(long segment, List<Buffer> chunks) {
    public boolean isEmpty() {
      return chunks.isEmpty();
    }

    public long length() {
      long n = 0;
      for (Buffer chunk : chunks) {
        n += chunk.length();
      }
      return n;
    }
  }

  /** Appends drained bytes to their segment and forces them to disk. Blocking. */
  public void write(Pending pending) throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    try (FileChannel channel = FileChannel.open(segmentPath(pending.segment()), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (Buffer chunk : pending.chunks()) {
        // A view, no copy; in slices, so the JDK's per-thread copy buffers stay small (SlicedWrites).
        SlicedWrites.write(channel, ((BufferInternal) chunk).getByteBuf().nioBuffer(0, chunk.length()));
      }
      channel.force(false);
    } finally {
      // Written or failed (the failure is logged and counted by the caller): either way no longer waiting.
      unwritten.addAndGet(-pending.length());
    }
  }

  /** Batches left out of the journal because the disk was too far behind. */
  public long droppedBatches() {
    return droppedBatches.get();
  }

  /** Journal bytes appended and not yet on disk. */
  public long unwrittenBytes() {
    return unwritten.get();
  }

  /** Starts a new segment for the batches after a checkpoint; returns the old segment number. */
  public long rotate() {
    return segment++;
  }

  /** Removes segments up to and including {@code last} (their batches are in a checkpoint). Blocking. */
  public void deleteThrough(long last) throws IOException {
    for (long s : segments()) {
      if (s <= last) {
        Files.deleteIfExists(segmentPath(s));
      }
    }
  }

  /** Replays every journaled batch newer than {@code sinceVersion}; returns how many. Blocking. */
  public int replay(long sinceVersion, CandleStore store) throws IOException {
    int replayed = 0;
    for (long s : segments()) {
      byte[] bytes = Files.readAllBytes(segmentPath(s));
      Buffer buffer = Buffer.buffer(bytes);
      int p = 0;
      while (p + 16 <= bytes.length) {
        int length = buffer.getInt(p);
        if (length < 4 || p + 4 + 8 + length + 4 > bytes.length) {
          break;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, p + 4, 8 + length);
        if ((int) crc.getValue() != buffer.getInt(p + 12 + length)) {
          break;
        }
        long version = buffer.getLong(p + 4);
        if (version > sinceVersion) {
          store.replay(CODEC.decodeFromWire(p + 12, buffer), version);
          replayed++;
        }
        p += 16 + length;
      }
    }
    return replayed;
  }

  private Path segmentPath(long s) {
    return dir.resolve(String.format("segment-%012d.bin", s));
  }

  private List<Long> segments() throws IOException {
    List<Long> found = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("segment-") && name.endsWith(".bin"))
          .forEach(name -> found.add(Long.parseLong(name.substring(8, name.length() - 4))));
    }
    found.sort(null);
    return found;
  }
}
