package marketgate.workers.ticks.kite;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.TickBatch;

/**
 * Decodes Kite ticker binary frames (FORMATS.md, "Kite ticker"): an int16 big-endian packet
 * count, then per packet an int16 length and the packet; a frame under 2 bytes is a heartbeat.
 *
 * <p>Two outputs over one frame walk: {@link #decode} appends straight into a {@link TickBatch}
 * without a per-tick object (the hot path), {@link #decodeTicks} builds full {@link KiteTick}
 * records. A malformed frame or packet never throws: it is counted by {@link Malformed reason} and
 * skipped, and the packets before it (and after it, where its length is still trustworthy) are
 * kept.
 *
 * <p>Not thread-safe: one decoder per connection, used on its event loop.
 */
public final class KitePacketDecoder {

  /** Why (part of) a frame was dropped. */
  public enum Malformed {
    /** The count says 0 but bytes follow, or bytes are left after the declared packets. */
    BAD_COUNT("bad_count"),
    /** A packet's length points past the end of the frame; the rest of the frame is dropped. */
    BAD_LENGTH("bad_length"),
    /** The frame ends before all declared packets (inside a length field). */
    TRUNCATED("truncated"),
    /** A packet whose length is no known kind (8, 28, 32, 44, 184); that packet is skipped. */
    UNKNOWN_LENGTH("unknown_length");

    private final String label;

    Malformed(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static final int LTP_LENGTH = 8;
  public static final int INDEX_QUOTE_LENGTH = 28;
  public static final int INDEX_FULL_LENGTH = 32;
  public static final int QUOTE_LENGTH = 44;
  public static final int FULL_LENGTH = 184;

  private static final int SEGMENT_CDS = 3;
  private static final int SEGMENT_BCD = 6;
  private static final int DEPTH_OFFSET = 64;
  private static final int DEPTH_ENTRY_LENGTH = 12;
  private static final int DEPTH_LEVELS = 5;

  private long frames;
  private long heartbeats;
  private long packets;
  private final long[] malformed = new long[Malformed.values().length];

  private final BatchSink batchSink = new BatchSink();

  /** Receives each well-formed packet of a frame: the frame, the packet's offset and length. */
  private interface PacketSink {
    void packet(Buffer frame, int offset, int length);
  }

  /**
   * Appends one tick per well-formed packet of the frame to {@code out}.
   *
   * @param receivedMillis the tick time of packets without an exchange timestamp (ltp, quote,
   *     index quote, or a zero timestamp)
   * @return the number of ticks appended (0 for a heartbeat)
   */
  public int decode(Buffer frame, long receivedMillis, TickBatch out) {
    batchSink.out = out;
    batchSink.receivedMillis = receivedMillis;
    batchSink.added = 0;
    walk(frame, batchSink);
    batchSink.out = null;
    return batchSink.added;
  }

  /** Every well-formed packet of the frame as a full record; counted like {@link #decode}. */
  public List<KiteTick> decodeTicks(Buffer frame) {
    List<KiteTick> ticks = new ArrayList<>();
    walk(frame, (buf, offset, length) -> ticks.add(decodePacket(buf, offset, length)));
    return ticks;
  }

  /** The packet count a frame declares (a capacity hint for its batch); 0 for a heartbeat. */
  public static int declaredCount(Buffer frame) {
    return frame.length() < 2 ? 0 : frame.getUnsignedShort(0);
  }

  public static boolean isHeartbeat(Buffer frame) {
    return frame.length() < 2;
  }

  private void walk(Buffer frame, PacketSink sink) {
    frames++;
    int size = frame.length();
    if (size < 2) {
      heartbeats++;
      return;
    }
    int count = frame.getUnsignedShort(0);
    int pos = 2;
    for (int i = 0; i < count; i++) {
      if (pos + 2 > size) {
        malformed[Malformed.TRUNCATED.ordinal()]++;
        return;
      }
      int length = frame.getUnsignedShort(pos);
      pos += 2;
      if (pos + length > size) {
        malformed[Malformed.BAD_LENGTH.ordinal()]++;
        return;
      }
      if (isKnownLength(length)) {
        packets++;
        sink.packet(frame, pos, length);
      } else {
        malformed[Malformed.UNKNOWN_LENGTH.ordinal()]++;
      }
      pos += length;
    }
    if (pos != size) {
      malformed[Malformed.BAD_COUNT.ordinal()]++;
    }
  }

  private static boolean isKnownLength(int length) {
    return length == LTP_LENGTH || length == INDEX_QUOTE_LENGTH || length == INDEX_FULL_LENGTH
        || length == QUOTE_LENGTH || length == FULL_LENGTH;
  }

  /** Kite prices are paise (/100) except currency derivatives: CDS /1e7, BCD /1e4. */
  public static double priceDivisor(int token) {
    int segment = Instrument.segmentOf(token);
    return segment == SEGMENT_CDS ? 1e7 : segment == SEGMENT_BCD ? 1e4 : 100.0;
  }

  /*
   * Prices are read as signed int32 (a negative price reaches the candle store as non-positive and
   * is rejected there, instead of turning into four billion); quantities, volumes, OI and times are
   * unsigned, as Kite's python client reads them.
   */

  private static long unsigned(Buffer buf, int offset) {
    return buf.getUnsignedInt(offset);
  }

  private static Instant epochSeconds(Buffer buf, int offset) {
    long seconds = unsigned(buf, offset);
    return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
  }

  /**
   * Decodes one packet (without its length prefix) of a known length into every field it carries.
   *
   * @throws IllegalArgumentException for a length no packet kind has, or a packet past the buffer
   */
  public static KiteTick decodePacket(Buffer buf, int offset, int length) {
    if (!isKnownLength(length) || offset < 0 || offset + length > buf.length()) {
      throw new IllegalArgumentException("not a Kite packet: length " + length + " at " + offset);
    }
    int token = buf.getInt(offset);
    double divisor = priceDivisor(token);
    boolean tradable = Instrument.segmentOf(token) != Instrument.SEGMENT_INDICES;
    double last = buf.getInt(offset + 4) / divisor;
    if (length == LTP_LENGTH) {
      return new KiteTick(KiteTick.MODE_LTP, tradable, token, last, 0, 0, 0, 0, 0, null, 0, 0, null, 0, 0, 0,
          null, null);
    }
    if (length == INDEX_QUOTE_LENGTH || length == INDEX_FULL_LENGTH) {
      // Index layout: ltp, high, low, open, close (a different order from quote packets). Bytes
      // 24-28 hold Kite's own change, which its python client ignores in favour of computing it.
      KiteTick.Ohlc ohlc = new KiteTick.Ohlc(
          buf.getInt(offset + 16) / divisor,
          buf.getInt(offset + 8) / divisor,
          buf.getInt(offset + 12) / divisor,
          buf.getInt(offset + 20) / divisor);
      boolean full = length == INDEX_FULL_LENGTH;
      return new KiteTick(full ? KiteTick.MODE_FULL : KiteTick.MODE_QUOTE, tradable, token, last, 0, 0, 0, 0, 0,
          ohlc, change(last, ohlc.close()), changePercent(last, ohlc.close()), null, 0, 0, 0,
          full ? epochSeconds(buf, offset + 28) : null, null);
    }
    KiteTick.Ohlc ohlc = new KiteTick.Ohlc(
        buf.getInt(offset + 28) / divisor,
        buf.getInt(offset + 32) / divisor,
        buf.getInt(offset + 36) / divisor,
        buf.getInt(offset + 40) / divisor);
    long lastQuantity = unsigned(buf, offset + 8);
    double average = buf.getInt(offset + 12) / divisor;
    long volume = unsigned(buf, offset + 16);
    long buyQuantity = unsigned(buf, offset + 20);
    long sellQuantity = unsigned(buf, offset + 24);
    double change = change(last, ohlc.close());
    double changePercent = changePercent(last, ohlc.close());
    if (length == QUOTE_LENGTH) {
      return new KiteTick(KiteTick.MODE_QUOTE, tradable, token, last, lastQuantity, average, volume, buyQuantity,
          sellQuantity, ohlc, change, changePercent, null, 0, 0, 0, null, null);
    }
    return new KiteTick(KiteTick.MODE_FULL, tradable, token, last, lastQuantity, average, volume, buyQuantity,
        sellQuantity, ohlc, change, changePercent,
        epochSeconds(buf, offset + 44),
        unsigned(buf, offset + 48),
        unsigned(buf, offset + 52),
        unsigned(buf, offset + 56),
        epochSeconds(buf, offset + 60),
        new KiteTick.Depth(depthSide(buf, offset + DEPTH_OFFSET, divisor),
            depthSide(buf, offset + DEPTH_OFFSET + DEPTH_LEVELS * DEPTH_ENTRY_LENGTH, divisor)));
  }

  private static List<KiteTick.DepthEntry> depthSide(Buffer buf, int start, double divisor) {
    List<KiteTick.DepthEntry> side = new ArrayList<>(DEPTH_LEVELS);
    for (int i = 0; i < DEPTH_LEVELS; i++) {
      int p = start + i * DEPTH_ENTRY_LENGTH;
      side.add(new KiteTick.DepthEntry(buf.getInt(p + 4) / divisor, unsigned(buf, p), buf.getUnsignedShort(p + 8)));
    }
    return side;
  }

  private static double change(double last, double close) {
    return close == 0 ? 0 : last - close;
  }

  private static double changePercent(double last, double close) {
    return close == 0 ? 0 : (last - close) * 100 / close;
  }

  /** The hot path: one {@code TickBatch.add} per packet, nothing allocated. */
  private final class BatchSink implements PacketSink {
    TickBatch out;
    long receivedMillis;
    int added;

    @Override
    public void packet(Buffer frame, int offset, int length) {
      int token = frame.getInt(offset);
      double price = frame.getInt(offset + 4) / priceDivisor(token);
      long volume = TickBatch.NO_VOLUME;
      long oi = 0;
      long exchangeSeconds = 0;
      switch (length) {
        case QUOTE_LENGTH -> volume = unsigned(frame, offset + 16);
        case FULL_LENGTH -> {
          volume = unsigned(frame, offset + 16);
          oi = unsigned(frame, offset + 48);
          exchangeSeconds = unsigned(frame, offset + 60);
        }
        case INDEX_FULL_LENGTH -> exchangeSeconds = unsigned(frame, offset + 28);
        default -> {
          // ltp and index quote: last price only
        }
      }
      out.add(token, price, volume, oi, exchangeSeconds == 0 ? receivedMillis : exchangeSeconds * 1000);
      added++;
    }
  }

  public long frames() {
    return frames;
  }

  public long heartbeats() {
    return heartbeats;
  }

  /** Well-formed packets decoded. */
  public long packets() {
    return packets;
  }

  public long malformed(Malformed reason) {
    return malformed[reason.ordinal()];
  }

  public long malformedTotal() {
    long total = 0;
    for (long n : malformed) {
      total += n;
    }
    return total;
  }

  /** {@code {"bad_count": n, "bad_length": n, "truncated": n, "unknown_length": n}}. */
  public JsonObject malformedJson() {
    JsonObject json = new JsonObject();
    for (Malformed reason : Malformed.values()) {
      json.put(reason.label(), malformed[reason.ordinal()]);
    }
    return json;
  }
}
