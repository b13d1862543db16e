package marketgate.workers.ticks.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import marketgate.shared.model.DailySeries;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.TickBatch;
import marketgate.shared.model.Universe;
import marketgate.shared.time.MarketClock;

/**
 * A seeded NSE-like market: prices follow random walks (rounded to the 0.05 tick), cumulative
 * day volume grows with a U-shaped intraday profile (busy open and close, quiet noon), and a year
 * of daily candles is generated backwards from each instrument's reference price so scans have
 * history on a fresh machine. Same seed, same market.
 */
public final class MarketSimulator {
  private static final double TICK_SIZE = 0.05;
  /** Per-tick volatility of the log price (about 2% a day over a few thousand ticks). */
  private static final double TICK_SIGMA = 0.0006;

  private final Instrument[] instruments;
  private final SplittableRandom random;
  private final long seed;
  private final double[] price;
  private final long[] cumVolume;
  private final double[] volumePerTick;
  private long currentDay = Long.MIN_VALUE;

  public MarketSimulator(Universe universe, long seed) {
    this.instruments = universe.instruments().toArray(new Instrument[0]);
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    int n = instruments.length;
    price = new double[n];
    cumVolume = new long[n];
    volumePerTick = new double[n];
    for (int i = 0; i < n; i++) {
      price[i] = Math.max(1, instruments[i].lastPrice());
      volumePerTick[i] = Math.max(1, instruments[i].dayVolume()) / 2_000.0;
    }
  }

  public int size() {
    return instruments.length;
  }

  /**
   * Goes on from an instrument's last tick (price and cumulative day volume) as the candle store
   * holds it, so a restarted or failed-over simulator neither jumps in price nor books a volume spike.
   */
  public void resume(int index, double lastPrice, long cumulativeVolume, long marketMillis) {
    long day = Math.floorDiv(Math.floorDiv(marketMillis, 1000) + MarketClock.IST_OFFSET_SECONDS, 86_400);
    if (day != currentDay) {
      currentDay = day;
      java.util.Arrays.fill(cumVolume, 0);
    }
    if (lastPrice > 0) {
      price[index] = lastPrice;
    }
    if (cumulativeVolume > 0) {
      cumVolume[index] = cumulativeVolume;
    }
  }

  /**
   * Appends {@code count} ticks at market time {@code marketMillis} to a batch: random
   * instruments, each a step of its walk.
   */
  public void nextTicks(TickBatch batch, int count, long marketMillis) {
    long second = Math.floorDiv(marketMillis, 1000);
    long day = Math.floorDiv(second + MarketClock.IST_OFFSET_SECONDS, 86_400);
    if (day != currentDay) {
      currentDay = day;
      java.util.Arrays.fill(cumVolume, 0);
    }
    double profile = volumeProfile(second);
    for (int c = 0; c < count; c++) {
      int i = random.nextInt(instruments.length);
      double step = Math.exp(TICK_SIGMA * gaussian());
      price[i] = Math.max(TICK_SIZE, roundToTick(price[i] * step));
      if (!instruments[i].isIndex()) {
        cumVolume[i] += 1 + (long) (volumePerTick[i] * profile * -Math.log(1 - random.nextDouble()));
      }
      long volume = instruments[i].isIndex() ? TickBatch.NO_VOLUME : cumVolume[i];
      batch.add(instruments[i].token(), price[i], volume, 0, marketMillis);
    }
  }

  /** U-shaped weight of trading activity over the session, 1 at noon, about 3 at open and close. */
  static double volumeProfile(long epochSecond) {
    long open = MarketClock.sessionOpen(epochSecond);
    double x = (epochSecond - open) / (double) MarketClock.SESSION_SECONDS;
    x = Math.min(1, Math.max(0, x));
    double d = 2 * x - 1;
    return 1 + 2 * d * d;
  }

  /**
   * A year (or any length) of daily candles per tradable instrument, ending on {@code lastDay},
   * oldest first, on trading days only. Deterministic for a seed; separate from the tick stream.
   */
  public Map<String, DailySeries> history(MarketClock clock, LocalDate lastDay, int days) {
    List<LocalDate> dates = new ArrayList<>(days);
    LocalDate day = clock.isTradingDay(lastDay) ? lastDay : clock.previousTradingDay(lastDay);
    for (int d = 0; d < days; d++) {
      dates.add(0, day);
      day = clock.previousTradingDay(day);
    }
    Map<String, DailySeries> out = new HashMap<>();
    SplittableRandom history = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (Instrument instrument : instruments) {
      if (instrument.isIndex()) {
        continue;
      }
      out.put(instrument.symbol(), series(instrument, dates, history.split()));
    }
    return out;
  }

  private static DailySeries series(Instrument instrument, List<LocalDate> dates, SplittableRandom rnd) {
    int n = dates.size();
    int[] epochDays = new int[n];
    double[] open = new double[n];
    double[] high = new double[n];
    double[] low = new double[n];
    double[] close = new double[n];
    double[] volume = new double[n];
    double drift = (rnd.nextDouble() - 0.5) * 0.002;
    double sigma = 0.01 + rnd.nextDouble() * 0.025;
    double avgVolume = Math.max(100, instrument.dayVolume());
    // Walk backwards from today's reference price so the newest close is near it.
    double c = Math.max(1, instrument.lastPrice());
    for (int i = n - 1; i >= 0; i--) {
      double ret = drift + sigma * gaussian(rnd);
      double o = c / Math.exp(ret) * (1 + 0.003 * gaussian(rnd));
      double range = Math.abs(sigma * gaussian(rnd)) * c;
      epochDays[i] = (int) dates.get(i).toEpochDay();
      close[i] = roundToTick(c);
      open[i] = roundToTick(Math.max(TICK_SIZE, o));
      high[i] = roundToTick(Math.max(close[i], open[i]) + range / 2);
      low[i] = Math.max(TICK_SIZE, roundToTick(Math.min(close[i], open[i]) - range / 2));
      double spike = rnd.nextDouble() < 0.03 ? 2 + rnd.nextDouble() * 4 : 1;
      volume[i] = Math.round(avgVolume * spike * Math.exp(0.4 * gaussian(rnd)));
      c = Math.max(TICK_SIZE * 2, o);
    }
    return new DailySeries(instrument.symbol(), epochDays, open, high, low, close, volume);
  }

  private double gaussian() {
    return gaussian(random);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static double roundToTick(double value) {
    // Divide by 20 rather than multiply by 0.05: the quotient is the double nearest the tick price.
    return Math.round(value * 20) / 20.0;
  }
}
