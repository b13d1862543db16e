package marketgate.workers.scans;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Index number -> symbols. Index 12 (all stocks) is built in: the tradable instruments of the
 * shipped NSE universe, which is also the simulator's, so {@code marketgate run} scans out of the
 * box. Files {@code <index>.txt} (one symbol a line, {@code #} comments) in {@code
 * scans.universesDir} add indexes or replace the built-in one. Immutable once loaded.
 */
public final class Universes {
  public static final int ALL_STOCKS = 12;
  private static final Pattern FILE_NAME = Pattern.compile("(\\d{1,3})\\.txt");

  private final Map<Integer, List<String>> byIndex;

  public Universes(Map<Integer, List<String>> byIndex) {
    TreeMap<Integer, List<String>> copy = new TreeMap<>();
    byIndex.forEach((index, symbols) -> copy.put(index, List.copyOf(symbols)));
    this.byIndex = copy;
  }

  /** The built-in universe plus the files of {@code dir} (null for none). Blocks: file IO. */
  public static Universes load(Path dir) throws IOException {
    Map<Integer, List<String>> map = new TreeMap<>();
    map.put(ALL_STOCKS, Universe.builtIn().instruments().stream()
        .filter(i -> !i.isIndex()).map(Instrument::symbol).toList());
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        throw new IOException("scans.universesDir " + dir + " is not a directory");
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.txt")) {
        for (Path file : files) {
          Matcher m = FILE_NAME.matcher(file.getFileName().toString());
          if (m.matches()) {
            map.put(Integer.parseInt(m.group(1)), readSymbols(file));
          }
        }
      }
    }
    return new Universes(map);
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

  /** The symbols a request covers; an index without a universe is the user's error, named. */
  public List<String> symbols(ScanRequest request) {
    if (request.index() == 0) {
      return request.symbols();
    }
    List<String> symbols = byIndex.get(request.index());
    if (symbols == null) {
      String name = ScanCodeParser.INDEXES.getOrDefault(request.index(), "index " + request.index());
      throw new ScanCodeException("index " + request.index() + " (" + name + ") has no universe file here ("
          + request.index() + ".txt in scans.universesDir); indexes available: " + available());
    }
    return symbols;
  }

  /** {@code 0 (explicit symbols), 12 (all stocks)}. */
  public String available() {
    List<String> names = new ArrayList<>();
    names.add("0 (explicit symbols)");
    byIndex.keySet().forEach(i -> names.add(i + " (" + ScanCodeParser.INDEXES.getOrDefault(i, "custom") + ")"));
    return names.stream().collect(Collectors.joining(", "));
  }

  public Set<Integer> indexes() {
    return byIndex.keySet();
  }
}
