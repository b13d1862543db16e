package marketgate.workers.scans;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import marketgate.workers.scans.rules.Param;
import marketgate.workers.scans.rules.Scan;

/**
 * Reads PKScreener menu codes ({@code X:12:9:2.5}, the bot's {@code /X_12_9_2.5}, {@code
 * X:0:0:SBIN,TCS}) into a {@link ScanRequest}. Every mistake becomes a {@link ScanCodeException}
 * naming the part that is wrong and what is allowed. Stateless and thread-safe.
 */
public final class ScanCodeParser {
  /** PKScreener's index numbers (SCANS.md) that have member lists here, and what they mean to a user. */
  public static final Map<Integer, String> INDEXES = Map.ofEntries(
      Map.entry(0, "explicit symbols"), Map.entry(1, "Nifty 50"), Map.entry(2, "Nifty Next 50"),
      Map.entry(3, "Nifty 100"), Map.entry(4, "Nifty 200"), Map.entry(5, "Nifty 500"),
      Map.entry(6, "Nifty Smallcap 50"), Map.entry(7, "Nifty Smallcap 100"), Map.entry(8, "Nifty Smallcap 250"),
      Map.entry(9, "Nifty Midcap 50"), Map.entry(10, "Nifty Midcap 100"), Map.entry(11, "Nifty Midcap 150"),
      Map.entry(12, "all stocks"), Map.entry(14, "F&O stocks"));

  private static final String GRAMMAR = "expected <menu>:<index>:<scan>[:<arg>...], e.g. X:12:9:2.5";
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  /** NSE trading symbols: letters, digits and & - _ . (M&M, BAJAJ-AUTO). */
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9&._-]{1,40}");
  private static final int MAX_SYMBOLS = 500;

  public ScanRequest parse(String code) {
    if (code == null || code.isBlank()) {
      throw new ScanCodeException("empty scan code; " + GRAMMAR);
    }
    String text = code.strip();
    if (text.startsWith("/")) {
      // A Telegram command, possibly addressed to the bot in a group: /X_12_9_2.5@SomeBot
      text = text.substring(1);
      int at = text.indexOf('@');
      text = at >= 0 ? text.substring(0, at) : text;
    }
    String separator = text.contains(":") ? ":" : "_";
    String[] parts = text.split(Pattern.quote(separator), -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].strip();
      if (parts[i].isEmpty()) {
        throw new ScanCodeException("part " + (i + 1) + " of '" + code.strip() + "' is empty; " + GRAMMAR);
      }
    }
    if (!parts[0].equalsIgnoreCase("X")) {
      throw new ScanCodeException("menu '" + parts[0] + "' is not supported: only X (scanners); " + GRAMMAR);
    }
    if (parts.length < 2) {
      throw new ScanCodeException("missing index after X; indexes: " + indexCatalogue() + "; " + GRAMMAR);
    }
    int index = parseIndex(parts[1]);
    if (parts.length < 3) {
      throw new ScanCodeException("missing scan number after X:" + index + "; scans: " + Scan.catalogue());
    }
    int next = 2;
    String scanId = parts[next++];
    if (scanId.equals("7")) {
      if (parts.length <= next) {
        throw new ScanCodeException("scan 7 needs a sub-scan number; supported: 7:4 (VCP)");
      }
      scanId = "7:" + parts[next++];
    }
    String shownId = scanId;
    Scan scan = Scan.byId(scanId).orElseThrow(() -> new ScanCodeException(
        "scan '" + shownId + "' is not supported; scans: " + Scan.catalogue()));
    List<String> rest = new ArrayList<>(List.of(parts).subList(next, parts.length));
    List<String> symbols = index == 0 ? takeSymbols(rest) : List.of();
    return new ScanRequest(index, scan, parseArgs(scan, rest), symbols);
  }

  private static int parseIndex(String part) {
    Integer index = null;
    if (part.matches("\\d{1,3}")) {
      index = Integer.parseInt(part);
    }
    if (index == null || !INDEXES.containsKey(index)) {
      throw new ScanCodeException("index '" + part + "' is not supported; indexes: " + indexCatalogue());
    }
    return index;
  }

  public static String indexCatalogue() {
    return INDEXES.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
  }

  /** Index 0 carries one part that is a symbol list, wherever it sits among the arguments. */
  private static List<String> takeSymbols(List<String> rest) {
    List<String> lists = rest.stream().filter(p -> !isArgument(p)).toList();
    if (lists.size() != 1) {
      throw new ScanCodeException(lists.isEmpty()
          ? "index 0 needs the symbols to scan, comma separated, e.g. X:0:0:SBIN,TCS"
          : "index 0 takes one list of symbols, got " + lists.size() + ": " + lists);
    }
    rest.remove(lists.get(0));
    Set<String> symbols = new LinkedHashSet<>();
    for (String raw : lists.get(0).split(",", -1)) {
      String symbol = raw.strip().toUpperCase(Locale.ROOT);
      if (!SYMBOL.matcher(symbol).matches()) {
        throw new ScanCodeException("symbol '" + raw.strip() + "' is not a trading symbol (letters, digits, & - _ .)");
      }
      symbols.add(symbol);
    }
    if (symbols.size() > MAX_SYMBOLS) {
      throw new ScanCodeException("at most " + MAX_SYMBOLS + " symbols in one scan, got " + symbols.size());
    }
    return List.copyOf(symbols);
  }

  private static boolean isArgument(String part) {
    return part.equalsIgnoreCase("D") || NUMBER.matcher(part).matches();
  }

  private static double[] parseArgs(Scan scan, List<String> rest) {
    List<Param> params = scan.params();
    double[] args = new double[params.size()];
    for (int i = 0; i < rest.size(); i++) {
      String part = rest.get(i);
      if (i >= params.size()) {
        // PKScreener codes often end in :D:D (defaults for nothing); anything else is a mistake.
        if (part.equalsIgnoreCase("D")) {
          continue;
        }
        throw new ScanCodeException("scan " + scan.id() + " (" + scan.title() + ") takes "
            + describeParams(params) + ", but got extra argument '" + part + "'");
      }
      if (!isArgument(part)) {
        throw new ScanCodeException("argument '" + part + "' of scan " + scan.id() + " is not a number or D; "
            + "scan " + scan.id() + " takes " + describeParams(params));
      }
    }
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      String part = i < rest.size() ? rest.get(i) : "D";
      args[i] = part.equalsIgnoreCase("D") ? p.defaultValue() : checked(scan, p, part);
    }
    if (scan == Scan.RSI_RANGE && args[0] > args[1]) {
      throw new ScanCodeException("scan 5 (RSI range): min " + (long) args[0] + " is above max " + (long) args[1]);
    }
    return args;
  }

  private static double checked(Scan scan, Param p, String part) {
    double value = Double.parseDouble(part);
    boolean whole = value == Math.rint(value);
    if (value < p.min() || value > p.max() || (p.integer() && !whole)) {
      throw new ScanCodeException("argument " + p.name() + " = " + part + " of scan " + scan.id()
          + " is out of range; " + p.describe());
    }
    return value;
  }

  private static String describeParams(List<Param> params) {
    return params.isEmpty() ? "no arguments"
        : params.size() + " argument(s): " + params.stream().map(Param::describe).collect(Collectors.joining("; "));
  }
}
