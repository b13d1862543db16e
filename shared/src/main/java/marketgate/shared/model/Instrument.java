package marketgate.shared.model;

/**
 * A tradable or index instrument as Kite identifies it.
 *
 * @param segment {@code token & 0xff}; 9 is an index (not tradable), 3 CDS and 6 BCD change the
 *     price divisor of Kite packets.
 */
public record Instrument(int token, String symbol, String exchange, int segment, double lastPrice, long dayVolume) {

  public static final int SEGMENT_INDICES = 9;

  public boolean isIndex() {
    return segment == SEGMENT_INDICES;
  }

  public static int segmentOf(int token) {
    return token & 0xff;
  }
}
