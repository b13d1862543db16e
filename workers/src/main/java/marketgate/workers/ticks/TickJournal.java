package marketgate.workers.ticks;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
  private static final TickBatchCodec CODEC = new TickBatchCodec();

  private final Path dir;
  private Buffer pending = Buffer.buffer(1 << 16);
  private long segment;

  public TickJournal(DataStore dataStore) throws IOException {
    this.dir = dataStore.resolve(DIR);
    Files.createDirectories(dir);
    List<Long> existing = segments();
    this.segment = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
  }

  /** Encodes a batch into the pending buffer (cheap; event loop). */
  public void append(long version, TickBatch batch) {
    int lengthAt = pending.length();
    pending.appendInt(0).appendLong(version);
    int bodyAt = pending.length();
    CODEC.encodeToWire(pending, batch);
    int bodyLength = pending.length() - bodyAt;
    pending.setInt(lengthAt, bodyLength);
    CRC32 crc = new CRC32();
    crc.update(pending.getBytes(lengthAt + 4, pending.length()));
    pending.appendInt((int) crc.getValue());
  }

  /** Hands over what was appended since the last drain, with the segment it belongs to. */
  public Pending drain() {
    Pending out = new Pending(segment, pending);
    pending = Buffer.buffer(Math.max(1 << 16, out.bytes.length()));
    return out;
  }

  /** Bytes to append to a segment. */
  public record Pending(long segment, Buffer bytes) {
    public boolean isEmpty() {
      return bytes.length() == 0;
    }
  }

  /** Appends drained bytes to their segment and forces them to disk. Blocking. */
  public void write(Pending pending) throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    try (FileChannel channel = FileChannel.open(segmentPath(pending.segment()), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer bytes = ByteBuffer.wrap(pending.bytes().getBytes());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    }
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
