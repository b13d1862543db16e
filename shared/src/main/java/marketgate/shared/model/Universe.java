package marketgate.shared.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The instruments the system knows, by token and by symbol. Loaded from a CSV with the header
 * {@code instrument_token,tradingsymbol,exchange,segment,last_price,day_volume} (the built-in NSE
 * universe) or built from a list.
 */
public final class Universe {
  public static final String BUILT_IN = "/marketgate/shared/universe/nse-universe.csv";

  private final List<Instrument> instruments;
  private final Map<Integer, Instrument> byToken = new HashMap<>();
  private final Map<String, Instrument> bySymbol = new HashMap<>();

  public Universe(List<Instrument> instruments) {
    this.instruments = Collections.unmodifiableList(new ArrayList<>(instruments));
    for (Instrument instrument : instruments) {
      byToken.put(instrument.token(), instrument);
      bySymbol.put(instrument.symbol().toUpperCase(Locale.ROOT), instrument);
    }
  }

  public static Universe builtIn() {
    try (InputStream in = Universe.class.getResourceAsStream(BUILT_IN)) {
      return parseCsv(in, BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the universe CSV; a bad line stops the load with its line number. */
  public static Universe parseCsv(InputStream in, String source) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<Instrument> list = new ArrayList<>();
    String line;
    int number = 0;
    boolean header = true;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      String[] f = line.split(",", -1);
      try {
        int token = Integer.parseInt(f[0].trim());
        list.add(new Instrument(token, f[1].trim(), f[2].trim(), Integer.parseInt(f[3].trim()),
            Double.parseDouble(f[4].trim()), Long.parseLong(f[5].trim())));
      } catch (RuntimeException e) {
        throw new IOException(source + ":" + number + ": bad universe line '" + line + "': " + e.getMessage());
      }
    }
    return new Universe(list);
  }

  public List<Instrument> instruments() {
    return instruments;
  }

  public int size() {
    return instruments.size();
  }

  public Optional<Instrument> byToken(int token) {
    return Optional.ofNullable(byToken.get(token));
  }

  public Optional<Instrument> bySymbol(String symbol) {
    return symbol == null ? Optional.empty() : Optional.ofNullable(bySymbol.get(symbol.toUpperCase(Locale.ROOT)));
  }

  /** The first {@code n} instruments (or all when n is 0 or larger than the universe). */
  public Universe limit(int n) {
    return n <= 0 || n >= instruments.size() ? this : new Universe(instruments.subList(0, n));
  }
}
