package marketgate.workers.scans;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;

/**
 * Index number -> member list. Index 12 (all stocks) is the tradable instruments of the shipped NSE
 * universe, which is also the simulator's. Indexes 1-11 and 14 are NSE's own constituent lists,
 * shipped in the jar with their dates ({@code universes/lists.json}), so {@code X:1:9:2.5} works out
 * of the box. Files {@code <index>.txt} (one symbol a line, {@code #} comments) in {@code
 * scans.universesDir} add indexes or replace a shipped list. Every list says where it came from,
 * how old it is, and which of its symbols the live universe lacks (a scan still asks for them and
 * reports them missing, rather than dropping them unseen). Immutable once loaded.
 */
public final class Universes {
  public static final int ALL_STOCKS = 12;
  private static final String SHIPPED = "/marketgate/workers/scans/universes/";
  private static final Pattern FILE_NAME = Pattern.compile("(\\d{1,3})\\.txt");
  /** Missing symbols listed by name per list; the count is always complete. */
  static final int MISSING_SHOWN = 50;

  /**
   * @param source where the list came from: the built-in instruments, a shipped NSE file, or a file
   *     of {@code scans.universesDir}
   * @param date the date of the list (NSE's download date, a file's modification day), or null
   * @param missing members the live universe (index 12) does not hold
   */
  public record MemberList(int index, String name, String source, String date, List<String> symbols,
      List<String> missing) {
    JsonObject toJson() {
      return new JsonObject()
          .put("index", index)
          .put("name", name)
          .put("source", source)
          .put("date", date)
          .put("size", symbols.size())
          .put("missing_from_live_universe", missing.size())
          .put("missing", new JsonArray(missing.stream().limit(MISSING_SHOWN).toList()));
    }
  }

  private final Map<Integer, MemberList> byIndex;

  private Universes(Map<Integer, MemberList> byIndex) {
    this.byIndex = new TreeMap<>(byIndex);
  }

  /** The built-in and shipped lists plus the files of {@code dir} (null for none). Blocks: file IO. */
  public static Universes load(Path dir) throws IOException {
    List<String> all = Universe.builtIn().instruments().stream()
        .filter(i -> !i.isIndex()).map(Instrument::symbol).toList();
    Set<String> live = new HashSet<>(all);
    Map<Integer, MemberList> map = new TreeMap<>();
    map.put(ALL_STOCKS, new MemberList(ALL_STOCKS, name(ALL_STOCKS), "built-in instruments", null, all, List.of()));
    JsonObject shipped = new JsonObject(new String(resource("lists.json"), StandardCharsets.UTF_8));
    for (Object o : shipped.getJsonArray("lists")) {
      JsonObject list = (JsonObject) o;
      int index = list.getInteger("index");
      String file = list.getString("file");
      String text = new String(resource(file), StandardCharsets.UTF_8);
      List<String> symbols = "fo_mktlots".equals(list.getString("format")) ? foStocks(text) : nseListSymbols(text, file);
      map.put(index, memberList(index, list.getString("name"), "NSE " + file + " (shipped)", list.getString("date"),
          symbols, live));
    }
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        throw new IOException("scans.universesDir " + dir + " is not a directory");
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.txt")) {
        for (Path file : files) {
          Matcher m = FILE_NAME.matcher(file.getFileName().toString());
          if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            String date = LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC).toString();
            map.put(index, memberList(index, name(index), "scans.universesDir " + file, date, readSymbols(file), live));
          }
        }
      }
    }
    return new Universes(map);
  }

  private static MemberList memberList(int index, String name, String source, String date, List<String> symbols,
      Set<String> live) {
    List<String> missing = symbols.stream().filter(s -> !live.contains(s)).toList();
    return new MemberList(index, name, source, date, List.copyOf(symbols), missing);
  }

  private static String name(int index) {
    return ScanCodeParser.INDEXES.getOrDefault(index, "custom");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Universes.class.getResourceAsStream(SHIPPED + name)) {
      if (in == null) {
        throw new IOException("the jar lacks " + SHIPPED + name);
      }
      return in.readAllBytes();
    }
  }

  static List<String> readSymbols(Path file) throws IOException {
    Set<String> symbols = new LinkedHashSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String symbol = line.strip();
      if (!symbol.isEmpty() && !symbol.startsWith("#")) {
        symbols.add(symbol.toUpperCase(Locale.ROOT));
      }
    }
    return new ArrayList<>(symbols);
  }

  /** NSE's {@code ind_<name>list.csv}: a header naming a {@code Symbol} column, then one company a line. */
  static List<String> nseListSymbols(String csv, String file) throws IOException {
    String[] lines = csv.split("\r?\n");
    List<String> header = List.of(lines[0].split(","));
    int column = header.stream().map(String::strip).toList().indexOf("Symbol");
    if (column < 0) {
      throw new IOException(file + " has no Symbol column: " + lines[0]);
    }
    Set<String> symbols = new LinkedHashSet<>();
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      if (cells.length > column && !cells[column].isBlank()) {
        symbols.add(cells[column].strip().toUpperCase(Locale.ROOT));
      }
    }
    return new ArrayList<>(symbols);
  }

  /**
   * NSE's {@code fo_mktlots.csv}: index underlyings first, then after a second header row ("Derivatives
   * on Individual Securities, Symbol, ...") the stocks, every cell padded with spaces.
   */
  static List<String> foStocks(String csv) {
    Set<String> symbols = new LinkedHashSet<>();
    boolean stocks = false;
    for (String line : csv.split("\r?\n")) {
      String[] cells = line.split(",");
      if (cells.length < 2) {
        continue;
      }
      String symbol = cells[1].strip();
      if (symbol.equalsIgnoreCase("symbol")) {
        stocks = cells[0].strip().toLowerCase(Locale.ROOT).startsWith("derivatives on individual securities");
      } else if (stocks && !symbol.isEmpty()) {
        symbols.add(symbol.toUpperCase(Locale.ROOT));
      }
    }
    return new ArrayList<>(symbols);
  }

  /** The symbols a request covers; an index without a member list is the user's error, named. */
  public List<String> symbols(ScanRequest request) {
    if (request.index() == 0) {
      return request.symbols();
    }
    MemberList list = byIndex.get(request.index());
    if (list == null) {
      throw new ScanCodeException("index " + request.index() + " (" + name(request.index()) + ") has no member list "
          + "here (" + request.index() + ".txt in scans.universesDir); indexes available: " + available());
    }
    return list.symbols();
  }

  /** {@code 0 (explicit symbols), 1 (Nifty 50), ...}. */
  public String available() {
    List<String> names = new ArrayList<>();
    names.add("0 (explicit symbols)");
    byIndex.values().forEach(l -> names.add(l.index() + " (" + l.name() + ")"));
    return String.join(", ", names);
  }

  public Set<Integer> indexes() {
    return byIndex.keySet();
  }

  public Collection<MemberList> lists() {
    return byIndex.values();
  }

  /** Every list's index, name, source, date, size and missing symbols (not the members). */
  public JsonArray toJson() {
    return new JsonArray(byIndex.values().stream().map(MemberList::toJson).collect(Collectors.toList()));
  }
}
