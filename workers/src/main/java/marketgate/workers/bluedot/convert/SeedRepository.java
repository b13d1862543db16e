package marketgate.workers.bluedot.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import marketgate.shared.store.DataStore;

/**
 * The Pine Seeds repository layout under {@code seeds/<repo>/}: {@code data/<SYM>_<SERIES>.csv}
 * and {@code symbol_info/<repo>.json}. Only files whose bytes changed are replaced and reported,
 * because TradingView accepts at most 3,000 changed files per commit.
 */
public final class SeedRepository {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataStore store;
  private final String repo;

  public SeedRepository(DataStore store, String repo) {
    this.store = store;
    this.repo = repo;
  }

  public String dataDir() {
    return "seeds/" + repo + "/data";
  }

  public String symbolInfoPath() {
    return "seeds/" + repo + "/symbol_info/" + repo + ".json";
  }

  /**
   * Brings the seed files of the given stocks up to date with the converted batch folder and
   * rewrites symbol_info; returns the changed paths relative to the data root.
   */
  public List<String> sync(List<ConvertedStock> stocks, Path batchFolder) throws IOException {
    List<String> changed = syncFiles(stocks, batchFolder);
    syncSymbolInfo(stocks).ifPresent(changed::add);
    return changed;
  }

  /**
   * The data-file half of {@link #sync}, for some of the batch's stocks: parts of a batch can go
   * through it side by side. Returns the changed paths.
   */
  public List<String> syncFiles(List<ConvertedStock> stocks, Path batchFolder) throws IOException {
    Path data = store.resolve(dataDir());
    Files.createDirectories(data);
    List<String> changed = new ArrayList<>();
    for (ConvertedStock stock : stocks) {
      for (SeriesKind kind : SeriesKind.values()) {
        String name = kind.fileName(stock.symbol());
        Path source = batchFolder.resolve(name);
        Path target = data.resolve(name);
        if (!Files.exists(target) && linkNew(source, target)) {
          // A new seed file appears whole by itself: no temp name and rename needed.
          changed.add(dataDir() + "/" + name);
        } else if (!sameContent(source, target)) {
          Path temp = data.resolve(store.tempName(name));
          PagesTree.link(source, temp);
          PagesTree.move(temp, target);
          changed.add(dataDir() + "/" + name);
        }
      }
    }
    return changed;
  }

  /** Rewrites symbol_info for the whole batch's stocks after {@link #syncFiles}; its path if it changed. */
  public java.util.Optional<String> syncSymbolInfo(List<ConvertedStock> stocks) throws IOException {
    byte[] info = symbolInfo(stocks);
    if (Arrays.equals(info, store.read(symbolInfoPath()).orElse(null))) {
      return java.util.Optional.empty();
    }
    store.write(symbolInfoPath(), info);
    return java.util.Optional.of(symbolInfoPath());
  }

  /**
   * {@code {"symbol": [...], "description": [...], "pricescale": [...]}}, one entry per seed
   * symbol; symbols of earlier batches that still have a data file keep their entries.
   */
  byte[] symbolInfo(List<ConvertedStock> stocks) throws IOException {
    Map<String, String[]> entries = new TreeMap<>();
    Path data = store.resolve(dataDir());
    java.util.Optional<JsonNode> previous = readPrevious();
    if (previous.isPresent()) {
      JsonNode old = previous.get();
      JsonNode symbols = old.path("symbol");
      for (int i = 0; i < symbols.size(); i++) {
        String symbol = symbols.get(i).asText();
        if (Files.exists(data.resolve(symbol + ".csv"))) {
          JsonNode scale = old.path("pricescale").isArray() ? old.path("pricescale").get(i) : old.path("pricescale");
          entries.put(symbol, new String[] {old.path("description").path(i).asText(symbol),
              scale == null ? "100" : scale.asText("100")});
        }
      }
    }
    for (ConvertedStock stock : stocks) {
      for (SeriesKind kind : SeriesKind.values()) {
        entries.put(kind.seedSymbol(stock.symbol()),
            new String[] {stock.name() + " " + describe(kind), Integer.toString(kind.pricescale())});
      }
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode symbol = root.putArray("symbol");
    ArrayNode description = root.putArray("description");
    ArrayNode pricescale = root.putArray("pricescale");
    entries.forEach((name, value) -> {
      symbol.add(name);
      description.add(value[0]);
      pricescale.add(Integer.parseInt(value[1]));
    });
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  private java.util.Optional<JsonNode> readPrevious() throws IOException {
    java.util.Optional<byte[]> bytes = store.read(symbolInfoPath());
    if (bytes.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(JSON.readTree(bytes.get()));
    } catch (IOException corrupt) {
      // A damaged file is rebuilt from this batch rather than stopping the publish.
      return java.util.Optional.empty();
    }
  }

  private static String describe(SeriesKind kind) {
    return switch (kind) {
      case PRICE_DATA -> "price";
      case RLST_RATING -> "RS rating";
      case BC_INDICATOR -> "benchmark close";
      case BLUE_DOTS -> "blue dots";
      case RS_LINE -> "RS line";
    };
  }

  /** A hard link at a new name; false when that cannot be done (the caller then goes through a temp file). */
  private static boolean linkNew(Path source, Path target) {
    try {
      Files.createLink(target, source);
      return true;
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  private static boolean sameContent(Path a, Path b) throws IOException {
    try {
      if (Files.size(a) != Files.size(b)) {
        return false;
      }
      return Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
