package marketgate.shared.model;

import java.util.Arrays;

/**
 * A batch of ticks in columns, the hot message of the system: sources fill one, send it on the
 * bus, and the candle engine reads it without a per-tick object.
 *
 * <p>Once sent, a batch belongs to the receiver; the sender must not reuse it (the local codec
 * passes the same instance).
 */
public final class TickBatch {
  /** Cumulative volume unknown (Kite {@code ltp} mode, index packets). */
  public static final long NO_VOLUME = -1;

  private int size;
  private int[] tokens;
  private double[] prices;
  private long[] cumulativeVolumes;
  private long[] openInterests;
  private long[] epochMillis;

  public TickBatch(int capacity) {
    int cap = Math.max(1, capacity);
    tokens = new int[cap];
    prices = new double[cap];
    cumulativeVolumes = new long[cap];
    openInterests = new long[cap];
    epochMillis = new long[cap];
  }

  /** Appends one tick; the arrays grow as needed. */
  public TickBatch add(int token, double price, long cumulativeVolume, long openInterest, long timeMillis) {
    if (size == tokens.length) {
      int cap = size * 2;
      tokens = Arrays.copyOf(tokens, cap);
      prices = Arrays.copyOf(prices, cap);
      cumulativeVolumes = Arrays.copyOf(cumulativeVolumes, cap);
      openInterests = Arrays.copyOf(openInterests, cap);
      epochMillis = Arrays.copyOf(epochMillis, cap);
    }
    tokens[size] = token;
    prices[size] = price;
    cumulativeVolumes[size] = cumulativeVolume;
    openInterests[size] = openInterest;
    epochMillis[size] = timeMillis;
    size++;
    return this;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int token(int i) {
    return tokens[i];
  }

  public double price(int i) {
    return prices[i];
  }

  public long cumulativeVolume(int i) {
    return cumulativeVolumes[i];
  }

  public long openInterest(int i) {
    return openInterests[i];
  }

  public long epochMillis(int i) {
    return epochMillis[i];
  }

  /** Newest tick time in the batch, or 0 when empty. */
  public long maxEpochMillis() {
    long max = 0;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, epochMillis[i]);
    }
    return max;
  }
}
