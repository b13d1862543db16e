package marketgate.shared.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Candle intervals, as Kite names them in its historical API. Ordinal order is the publish order. */
public enum Interval {
  M1("1m", 60),
  M2("2m", 120),
  M3("3m", 180),
  M4("4m", 240),
  M5("5m", 300),
  M10("10m", 600),
  M15("15m", 900),
  M30("30m", 1800),
  M60("60m", 3600),
  DAY("day", 86_400);

  private static final Interval[] ALL = values();

  private final String label;
  private final int seconds;

  Interval(String label, int seconds) {
    this.label = label;
    this.seconds = seconds;
  }

  public String label() {
    return label;
  }

  public int seconds() {
    return seconds;
  }

  public boolean intraday() {
    return this != DAY;
  }

  /** All intervals, without allocating a fresh array per call as {@code values()} does. */
  public static Interval[] all() {
    return ALL.clone();
  }

  public static int count() {
    return ALL.length;
  }

  public static Interval byOrdinal(int ordinal) {
    return ALL[ordinal];
  }

  /** Parses a label such as {@code 5m} or {@code day}; the error lists what is allowed. */
  public static Interval parse(String label) {
    if (label != null) {
      for (Interval interval : ALL) {
        if (interval.label.equalsIgnoreCase(label.trim())) {
          return interval;
        }
      }
    }
    throw new IllegalArgumentException("unknown interval '" + label + "', allowed: " + labels());
  }

  public static String labels() {
    return Arrays.stream(ALL).map(Interval::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}
