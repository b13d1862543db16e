package marketgate.workers.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code marketgate job import-csv FILE...}: daily OHLCV CSV files with a header naming the columns
 * {@code date,open,high,low,close,volume} in any order (a leading unnamed index column, as pandas
 * writes it, is ignored). The symbol is the file name before {@code _} or the extension
 * ({@code SPY_D.csv} is SPY) unless given. A bad row is reported as {@code file:line: reason} and
 * skipped; the rest is imported. Exit code 0 when every file was read (bad rows only warn), 1 when a
 * file could not be read or had no usable header.
 */
public final class ImportCsvJob {
  private static final List<String> COLUMNS = List.of("date", "open", "high", "low", "close", "volume");

  private final SqliteDailyHistory history;
  private final String symbol;
  private final PrintStream out;
  private final PrintStream err;
  private int badRows;

  /** @param symbol the symbol for every file, or null to take it from each file name */
  public ImportCsvJob(SqliteDailyHistory history, String symbol, PrintStream out, PrintStream err) {
    this.history = history;
    this.symbol = symbol;
    this.out = out;
    this.err = err;
  }

  public int run(List<Path> files) {
    int code = 0;
    for (Path file : files) {
      try {
        List<DailyBar> bars = read(file, symbol != null ? symbol : symbolOf(file));
        history.upsert(bars);
        out.printf("%s: imported %d daily candles%n", file, bars.size());
      } catch (IOException e) {
        err.println(e.getMessage());
        code = 1;
      }
    }
    if (badRows > 0) {
      err.printf("%d bad rows skipped (listed above)%n", badRows);
    }
    return code;
  }

  public int badRows() {
    return badRows;
  }

  static String symbolOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    int underscore = base.lastIndexOf('_');
    return (underscore > 0 ? base.substring(0, underscore) : base).toUpperCase(Locale.ROOT);
  }

  List<DailyBar> read(Path file, String sym) throws IOException {
    List<DailyBar> bars = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new IOException(file + ": empty file, expected a header with " + COLUMNS);
      }
      List<String> names = Arrays.stream(header.replace("\uFEFF", "").split(",", -1))
          .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
      int[] at = new int[COLUMNS.size()];
      for (int c = 0; c < at.length; c++) {
        at[c] = names.indexOf(COLUMNS.get(c));
        if (at[c] < 0) {
          throw new IOException(file + ":1: header lacks column '" + COLUMNS.get(c) + "' (needs " + COLUMNS + ")");
        }
      }
      String line;
      int number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          bars.add(row(sym, line.split(",", -1), at));
        } catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException e) {
          badRows++;
          err.printf("%s:%d: %s%n", file, number, reason(e));
        }
      }
    }
    return bars;
  }

  private static String reason(RuntimeException e) {
    if (e instanceof IndexOutOfBoundsException) {
      return "too few fields";
    }
    if (e instanceof DateTimeParseException p) {
      return "not a date (YYYY-MM-DD): '" + p.getParsedString() + "'";
    }
    return e.getMessage();
  }

  private static DailyBar row(String symbol, String[] fields, int[] at) {
    LocalDate date = LocalDate.parse(fields[at[0]].strip());
    double open = number(fields[at[1]], "open");
    double high = number(fields[at[2]], "high");
    double low = number(fields[at[3]], "low");
    double close = number(fields[at[4]], "close");
    double volume = number(fields[at[5]], "volume");
    if (low > high || open < low || open > high || close < low || close > high) {
      throw new IllegalArgumentException("prices out of order (need low <= open, close <= high)");
    }
    if (volume < 0) {
      throw new IllegalArgumentException("negative volume");
    }
    return new DailyBar(symbol, date, open, high, low, close, volume);
  }

  private static double number(String text, String column) {
    try {
      double value = Double.parseDouble(text.strip());
      if (!Double.isFinite(value) || (!column.equals("volume") && value <= 0)) {
        throw new IllegalArgumentException(column + " is not a positive number: '" + text.strip() + "'");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number: '" + text.strip() + "'");
    }
  }
}
