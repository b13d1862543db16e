package marketgate.workers.scans;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The one shape of result rows for the API (JSON), CSV export and the terminal. Numbers are
 * rounded to 2 decimals and written plainly (never {@code 1.0E7}); a missing value is JSON null or
 * an empty CSV field.
 */
public final class ScanRowFormat {
  public static final List<String> COLUMNS =
      List.of("symbol", "ltp", "change_pct", "volume_ratio", "rsi14", "high_52w", "low_52w", "level");

  private ScanRowFormat() {}

  public static JsonObject toJson(ScanRow row) {
    return new JsonObject()
        .put("symbol", row.symbol())
        .put("ltp", rounded(row.ltp()))
        .put("change_pct", rounded(row.changePct()))
        .put("volume_ratio", rounded(row.volumeRatio()))
        .put("rsi14", rounded(row.rsi14()))
        .put("high_52w", rounded(row.high52w()))
        .put("low_52w", rounded(row.low52w()))
        .put("level", rounded(row.level()));
  }

  public static JsonArray toJson(List<ScanRow> rows) {
    JsonArray array = new JsonArray();
    rows.forEach(row -> array.add(toJson(row)));
    return array;
  }

  /** A row back from its JSON (the CLI and the bot read replies of the bus). */
  public static ScanRow fromJson(JsonObject o) {
    return new ScanRow(o.getString("symbol"), number(o, "ltp"), number(o, "change_pct"),
        number(o, "volume_ratio"), number(o, "rsi14"), number(o, "high_52w"), number(o, "low_52w"),
        number(o, "level"));
  }

  private static double number(JsonObject o, String key) {
    Number n = o.getNumber(key);
    return n == null ? Double.NaN : n.doubleValue();
  }

  public static String toCsv(List<ScanRow> rows) {
    StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (ScanRow row : rows) {
      csv.append(row.symbol());
      for (double v : values(row)) {
        csv.append(',').append(plain(v));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** Aligned columns for a terminal. */
  public static String toTable(List<ScanRow> rows) {
    String format = "%-14s %10s %9s %9s %7s %10s %10s %10s%n";
    StringBuilder table = new StringBuilder(String.format(format, COLUMNS.toArray()));
    for (ScanRow row : rows) {
      double[] v = values(row);
      table.append(String.format(format, row.symbol(), plain(v[0]), plain(v[1]), plain(v[2]), plain(v[3]),
          plain(v[4]), plain(v[5]), plain(v[6])));
    }
    return table.toString();
  }

  private static double[] values(ScanRow r) {
    return new double[] {r.ltp(), r.changePct(), r.volumeRatio(), r.rsi14(), r.high52w(), r.low52w(), r.level()};
  }

  private static Double rounded(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).doubleValue() : null;
  }

  private static String plain(double v) {
    return Double.isFinite(v)
        ? BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
        : "";
  }
}
