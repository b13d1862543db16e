package marketgate.workers.ticks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import marketgate.shared.model.Candle;

/** A reusable buffer of candles in columns, filled by {@link CandleStore#copy}; oldest first. */
public final class CandleColumns {
  private int size;
  private long[] start;
  private double[] open;
  private double[] high;
  private double[] low;
  private double[] close;
  private long[] volume;
  private long[] oi;
  private int[] ticks;
  private boolean[] complete;

  public CandleColumns(int capacity) {
    allocate(Math.max(1, capacity));
  }

  private void allocate(int capacity) {
    start = new long[capacity];
    open = new double[capacity];
    high = new double[capacity];
    low = new double[capacity];
    close = new double[capacity];
    volume = new long[capacity];
    oi = new long[capacity];
    ticks = new int[capacity];
    complete = new boolean[capacity];
  }

  void clear(int expected) {
    size = 0;
    if (expected > start.length) {
      allocate(expected);
    }
  }

  void add(long s, double o, double h, double l, double c, long v, long openInterest, int tickCount, boolean done) {
    if (size == start.length) {
      int cap = size * 2;
      start = Arrays.copyOf(start, cap);
      open = Arrays.copyOf(open, cap);
      high = Arrays.copyOf(high, cap);
      low = Arrays.copyOf(low, cap);
      close = Arrays.copyOf(close, cap);
      volume = Arrays.copyOf(volume, cap);
      oi = Arrays.copyOf(oi, cap);
      ticks = Arrays.copyOf(ticks, cap);
      complete = Arrays.copyOf(complete, cap);
    }
    start[size] = s;
    open[size] = o;
    high[size] = h;
    low[size] = l;
    close[size] = c;
    volume[size] = v;
    oi[size] = openInterest;
    ticks[size] = tickCount;
    complete[size] = done;
    size++;
  }

  public int size() {
    return size;
  }

  public long start(int i) {
    return start[i];
  }

  public double open(int i) {
    return open[i];
  }

  public double high(int i) {
    return high[i];
  }

  public double low(int i) {
    return low[i];
  }

  public double close(int i) {
    return close[i];
  }

  public long volume(int i) {
    return volume[i];
  }

  public long oi(int i) {
    return oi[i];
  }

  public int tickCount(int i) {
    return ticks[i];
  }

  public boolean complete(int i) {
    return complete[i];
  }

  public Candle candle(int i) {
    return new Candle(start[i], open[i], high[i], low[i], close[i], volume[i], oi[i], ticks[i], complete[i]);
  }

  public List<Candle> toCandles() {
    List<Candle> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(candle(i));
    }
    return list;
  }
}
