package marketgate.workers.bluedot.convert;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Pine Seeds CSV of each series (FORMATS.md): no header, {@code YYYYMMDDT,o,h,l,c,v}, dates
 * ascending, plain decimals; a single-value series is {@code v,v,v,v,0}. Rows whose value is
 * missing are left out rather than written as text.
 */
public final class SeedCsv {
  private SeedCsv() {}

  /** Row counts per series alongside the bytes, for the index. */
  public record Rendered(Map<SeriesKind, byte[]> files, Map<SeriesKind, Integer> rows) {}

  public static Rendered render(StockSeries s) {
    Map<SeriesKind, byte[]> files = new EnumMap<>(SeriesKind.class);
    Map<SeriesKind, Integer> rows = new EnumMap<>(SeriesKind.class);
    int n = s.size();
    byte[][] dates = new byte[n][];
    for (int i = 0; i < n; i++) {
      dates[i] = date(s.epochDays()[i]);
    }
    AsciiBuffer out = new AsciiBuffer(n * 48);

    int count = 0;
    for (int i = 0; i < n; i++) {
      if (s.hasBar(i)) {
        out.append(dates[i]).append(',');
        PlainDecimal.append(out, s.open()[i], PlainDecimal.SCALE);
        out.append(',');
        PlainDecimal.append(out, s.high()[i], PlainDecimal.SCALE);
        out.append(',');
        PlainDecimal.append(out, s.low()[i], PlainDecimal.SCALE);
        out.append(',');
        PlainDecimal.append(out, s.close()[i], PlainDecimal.SCALE);
        out.append(',');
        PlainDecimal.append(out, s.volume()[i], PlainDecimal.SCALE);
        out.append('\n');
        count++;
      }
    }
    put(files, rows, SeriesKind.PRICE_DATA, out, count);

    count = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(s.rating()[i])) {
        single(out, dates[i], s.rating()[i]);
        count++;
      }
    }
    put(files, rows, SeriesKind.RLST_RATING, out, count);

    count = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(s.benchmark()[i])) {
        single(out, dates[i], s.benchmark()[i]);
        count++;
      }
    }
    put(files, rows, SeriesKind.BC_INDICATOR, out, count);

    count = 0;
    for (int i = 0; i < n; i++) {
      if (s.hasBar(i)) {
        out.append(dates[i]).append(s.blueDot()[i] ? DOT : NO_DOT);
        count++;
      }
    }
    put(files, rows, SeriesKind.BLUE_DOTS, out, count);

    count = 0;
    for (int i = 0; i < n; i++) {
      double close = s.close()[i];
      double bc = s.benchmark()[i];
      if (!Double.isNaN(close) && !Double.isNaN(bc) && bc > 0) {
        single(out, dates[i], close / bc);
        count++;
      }
    }
    put(files, rows, SeriesKind.RS_LINE, out, count);
    return new Rendered(files, rows);
  }

  private static final byte[] DOT = ",1,1,1,1,0\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_DOT = ",0,0,0,0,0\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZERO_VOLUME = ",0\n".getBytes(StandardCharsets.US_ASCII);

  private static void single(AsciiBuffer out, byte[] date, double value) {
    out.append(date);
    int start = out.length();
    out.append(',');
    PlainDecimal.append(out, value, PlainDecimal.SCALE);
    int end = out.length();
    // o = h = l = c = value: the formatted text three more times.
    out.repeat(start, end).repeat(start, end).repeat(start, end);
    out.append(ZERO_VOLUME);
  }

  private static void put(Map<SeriesKind, byte[]> files, Map<SeriesKind, Integer> rows,
      SeriesKind kind, AsciiBuffer out, int count) {
    files.put(kind, out.toBytes());
    rows.put(kind, count);
    out.reset();
  }

  /** {@code 20240802T}: the Pine Seeds date form. */
  static byte[] date(int epochDay) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    int y = d.getYear(), m = d.getMonthValue(), day = d.getDayOfMonth();
    byte[] c = new byte[9];
    c[0] = (byte) ('0' + y / 1000 % 10);
    c[1] = (byte) ('0' + y / 100 % 10);
    c[2] = (byte) ('0' + y / 10 % 10);
    c[3] = (byte) ('0' + y % 10);
    c[4] = (byte) ('0' + m / 10);
    c[5] = (byte) ('0' + m % 10);
    c[6] = (byte) ('0' + day / 10);
    c[7] = (byte) ('0' + day % 10);
    c[8] = 'T';
    return c;
  }
}
