package marketgate.workers.ticks.kite;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds Kite ticker packets and frames byte by byte, as the exchange would send them. */
final class KiteFrames {
  private KiteFrames() {}

  /** A frame: int16 count, then per packet int16 length and the packet. */
  static Buffer frame(Buffer... packets) {
    Buffer frame = Buffer.buffer().appendUnsignedShort(packets.length);
    for (Buffer packet : packets) {
      frame.appendUnsignedShort(packet.length()).appendBuffer(packet);
    }
    return frame;
  }

  static Buffer ltp(int token, int price) {
    return Buffer.buffer().appendInt(token).appendInt(price);
  }

  /** Index packet: ltp, high, low, open, close, change; with a timestamp it is 32 bytes (full). */
  static Buffer index(int token, int last, int high, int low, int open, int close, Long epochSeconds) {
    Buffer b = Buffer.buffer().appendInt(token).appendInt(last).appendInt(high).appendInt(low).appendInt(open)
        .appendInt(close).appendInt(last - close);
    return epochSeconds == null ? b : b.appendUnsignedInt(epochSeconds);
  }

  /** Quote packet (44 bytes): token, ltp, last qty, avg, volume, buy qty, sell qty, o, h, l, c. */
  static Buffer quote(int token, int last, long volume) {
    return Buffer.buffer().appendInt(token).appendInt(last).appendInt(1).appendInt(last).appendUnsignedInt(volume)
        .appendInt(10).appendInt(20).appendInt(last).appendInt(last).appendInt(last).appendInt(last);
  }

  /** Full packet (184 bytes) built from a quote packet, OI and an exchange time; depth empty. */
  static Buffer full(int token, int last, long volume, long oi, long epochSeconds) {
    Buffer b = quote(token, last, volume).appendUnsignedInt(epochSeconds).appendUnsignedInt(oi)
        .appendUnsignedInt(oi).appendUnsignedInt(oi).appendUnsignedInt(epochSeconds);
    return b.appendBytes(new byte[184 - b.length()]);
  }

  /** A packet from the test resources (base64 text without frame header). */
  static Buffer resourcePacket(String name) {
    try (InputStream in = KiteFrames.class.getResourceAsStream("/kite/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /kite/" + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
      return Buffer.buffer(Base64.getDecoder().decode(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resourceText(String name) {
    try (InputStream in = KiteFrames.class.getResourceAsStream("/kite/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
