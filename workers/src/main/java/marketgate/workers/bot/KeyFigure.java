package marketgate.workers.bot;

import java.util.Map;
import marketgate.workers.scans.ScanRow;

/**
 * The one number that says why a stock qualified for a scan (volume ratio for volume gainers, RSI
 * for the RSI range, the breakout level for breakouts), shown in alerts and as the table's last
 * column when the table does not already show it.
 */
final class KeyFigure {
  private static final Map<String, String> BY_SCAN = Map.ofEntries(
      Map.entry("1", "level"), Map.entry("2", "level"), Map.entry("23", "level"), Map.entry("7:4", "level"),
      Map.entry("9", "volume_ratio"), Map.entry("5", "rsi14"), Map.entry("15", "low_52w"),
      Map.entry("17", "high_52w"), Map.entry("31", "change_pct"), Map.entry("10", "change_pct"));
  private static final Map<String, String> LABELS = Map.of(
      "level", "LEVEL", "volume_ratio", "VOLx", "rsi14", "RSI", "low_52w", "52W-LOW", "high_52w", "52W-HIGH",
      "change_pct", "CHG%");

  private KeyFigure() {}

  /** The column of a canonical code ({@code X:12:9:2.5}); change_pct when the scan has none. */
  static String column(String code) {
    String[] parts = code.split(":");
    if (parts.length < 3) {
      return "change_pct";
    }
    String id = parts[2].equals("7") && parts.length > 3 ? "7:" + parts[3] : parts[2];
    return BY_SCAN.getOrDefault(id, "change_pct");
  }

  static String label(String column) {
    return inTable(column) ? LABELS.get(column) : "";
  }

  /** Whether the figure needs its own column (LTP, change, volume ratio and RSI are always there). */
  static boolean inTable(String column) {
    return column.equals("level") || column.endsWith("_52w");
  }

  static double value(ScanRow row, String column) {
    return switch (column) {
      case "level" -> row.level();
      case "volume_ratio" -> row.volumeRatio();
      case "rsi14" -> row.rsi14();
      case "low_52w" -> row.low52w();
      case "high_52w" -> row.high52w();
      default -> row.changePct();
    };
  }

  /** "vol x3.1", "RSI 28", "level 1520.5": for alert lines. */
  static String describe(ScanRow row, String column) {
    String label = switch (column) {
      case "level" -> "level";
      case "volume_ratio" -> "vol x";
      case "rsi14" -> "RSI";
      case "low_52w" -> "52w low";
      case "high_52w" -> "52w high";
      default -> "chg %";
    };
    String v = ScanReplies.num(value(row, column));
    return label.endsWith("x") ? label + v : label + " " + v;
  }
}
