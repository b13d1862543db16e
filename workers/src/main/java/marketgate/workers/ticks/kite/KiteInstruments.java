package marketgate.workers.ticks.kite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import marketgate.shared.model.Instrument;
import marketgate.shared.model.Universe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kite's instrument dump ({@code GET /instruments}, CSV with the header {@code
 * instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,
 * instrument_type,segment,exchange}) into a {@link Universe}. Columns are found by name, quoted
 * fields may hold commas; a bad line is skipped and logged (the dump has ~100k lines, one odd row
 * must not stop a trading day).
 */
public final class KiteInstruments {
  private static final Logger LOG = LoggerFactory.getLogger(KiteInstruments.class);
  private static final String[] REQUIRED = {"instrument_token", "tradingsymbol", "exchange"};

  private KiteInstruments() {}

  /**
   * @throws IOException when the stream cannot be read or the header lacks {@code
   *     instrument_token}, {@code tradingsymbol} or {@code exchange}
   */
  public static Universe parse(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String headerLine = reader.readLine();
    if (headerLine == null) {
      throw new IOException("Kite instrument dump is empty");
    }
    Map<String, Integer> column = new HashMap<>();
    List<String> header = splitCsv(headerLine.replace("\uFEFF", ""));
    for (int i = 0; i < header.size(); i++) {
      column.put(header.get(i).trim(), i);
    }
    for (String name : REQUIRED) {
      if (!column.containsKey(name)) {
        throw new IOException("Kite instrument dump has no '" + name + "' column; header: " + headerLine);
      }
    }
    int tokenCol = column.get("instrument_token");
    int symbolCol = column.get("tradingsymbol");
    int exchangeCol = column.get("exchange");
    Integer priceCol = column.get("last_price");

    List<Instrument> instruments = new ArrayList<>();
    int skipped = 0;
    String line;
    int number = 1;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      List<String> f = splitCsv(line);
      try {
        int token = Integer.parseInt(f.get(tokenCol).trim());
        String symbol = f.get(symbolCol).trim();
        if (symbol.isEmpty()) {
          throw new IllegalArgumentException("empty tradingsymbol");
        }
        String price = priceCol == null || priceCol >= f.size() ? "" : f.get(priceCol).trim();
        instruments.add(new Instrument(token, symbol, f.get(exchangeCol).trim(), Instrument.segmentOf(token),
            price.isEmpty() ? 0 : Double.parseDouble(price), 0));
      } catch (RuntimeException e) {
        skipped++;
        LOG.warn("Kite instrument dump line {} skipped ({}): {}", number, e.getMessage(), line);
      }
    }
    if (skipped > 0) {
      LOG.warn("Kite instrument dump: {} instruments read, {} lines skipped", instruments.size(), skipped);
    }
    return new Universe(instruments);
  }

  /** Splits one CSV line (RFC 4180 quotes, {@code ""} inside quotes is a quote). */
  static List<String> splitCsv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
